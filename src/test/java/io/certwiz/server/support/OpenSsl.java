package io.certwiz.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code openssl s_client} against a listener, as a separate process. */
public final class OpenSsl {
    private static final Pattern PEM =
            Pattern.compile("-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", Pattern.DOTALL);
    private static final Pattern PROTOCOL = Pattern.compile("(?m)^New, ([^,]+), Cipher is (\\S+)");
    private static final Pattern FINGERPRINT = Pattern.compile("(?i)SHA1 Fingerprint=([0-9A-F:]+)");

    private OpenSsl() {}

    /** What one {@code s_client} run saw. */
    public record Handshake(int exitCode, String out, String err, String leafPem, String protocol, String cipher) {
        public boolean established() {
            return exitCode == 0 && leafPem != null && protocol != null && !protocol.equals("(NONE)");
        }

        /** The SHA-1 thumbprint of the leaf, computed by {@code openssl x509}. */
        public String thumbprint() {
            if (leafPem == null) {
                throw new AssertionError("openssl s_client got no certificate:\n" + out + "\n" + err);
            }
            Result x509 = run(leafPem, List.of("openssl", "x509", "-noout", "-fingerprint", "-sha1"));
            Matcher m = FINGERPRINT.matcher(x509.out());
            if (!m.find()) {
                throw new AssertionError("no fingerprint in: " + x509.out() + x509.err());
            }
            return m.group(1).replace(":", "").toUpperCase(java.util.Locale.ROOT);
        }

        public String all() {
            return out + "\n" + err;
        }
    }

    record Result(int exitCode, String out, String err) {}

    /**
     * {@code openssl s_client -connect 127.0.0.1:PORT -servername localhost.localdomain ARGS...} with
     * its input closed (it handshakes, prints, and quits).
     */
    public static Handshake connect(int port, String... args) {
        List<String> command = new ArrayList<>(
                List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-servername", TestServer.FQDN));
        command.addAll(Arrays.asList(args));
        Result result = run("", command);
        // The server's certificate: after "Server certificate" (with -status, the OCSP response's come first).
        int server = result.out().indexOf("Server certificate");
        Matcher pem = PEM.matcher(result.out());
        if (server > 0) {
            pem.region(server, result.out().length());
        }
        Matcher protocol = PROTOCOL.matcher(result.out());
        return new Handshake(
                result.exitCode(),
                result.out(),
                result.err(),
                pem.find() ? pem.group() : null,
                protocol.find() ? protocol.group(1) : null,
                protocol.find(0) ? protocol.group(2) : null);
    }

    /** The extra arguments that make s_client verify the chain to {@code rootPem} and the host name. */
    public static String[] verifying(Path rootPem) {
        return new String[] {"-CAfile", rootPem.toString(), "-verify_return_error", "-verify_hostname", TestServer.FQDN
        };
    }

    static Result run(String input, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("LC_ALL", "C");
        try {
            Process process = builder.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            try (var stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.US_ASCII));
            }
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Result(process.exitValue(), out.join(), err.join());
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
