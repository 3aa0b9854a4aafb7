package io.certwiz.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs {@code openssl} and {@code keytool} as separate processes for the interop tests. */
public final class Tools {
    private Tools() {}

    public record Run(List<String> command, int exitCode, String out, String err) {
        public Run ok() {
            assertThat(exitCode)
                    .as("exit code of %s%nstdout:%n%s%nstderr:%n%s", command, out, err)
                    .isZero();
            return this;
        }
    }

    public static Run openssl(Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(Arrays.asList(args));
        return run(workDir, command);
    }

    public static Run keytool(Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(keytoolPath().toString());
        command.addAll(Arrays.asList(args));
        return run(workDir, command);
    }

    /** keytool of the JDK running the tests, else the one on the PATH. */
    public static Path keytoolPath() {
        Path here = Path.of(System.getProperty("java.home"), "bin", "keytool");
        return Files.isExecutable(here) ? here : Path.of("keytool");
    }

    public static Run run(Path workDir, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().put("LC_ALL", "C");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Run(List.copyOf(command), process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + command, e);
        }
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
