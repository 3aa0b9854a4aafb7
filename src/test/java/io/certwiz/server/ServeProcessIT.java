package io.certwiz.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certwiz.server.support.CliProcess;
import io.certwiz.server.support.ServeBanner;
import io.certwiz.server.support.Tls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code certwiz serve} as its own process: on an empty data directory it runs init first and prints
 * the admin token once, serves, and stops cleanly and quickly on SIGTERM.
 */
class ServeProcessIT {
    private static final Pattern TOKEN = Pattern.compile("^\\s+(cwz_\\S+)$");

    @TempDir
    Path dir;

    @Test
    void servesThenStopsOnSigterm() throws Exception {
        Path data = dir.resolve("data");
        List<String> command = CliProcess.javaCommand(
                "io.certwiz.cli.Main",
                "serve",
                "--data",
                data.toString(),
                "--port-default",
                "0",
                "--port-web-internal",
                "0",
                "--port-web-external",
                "0",
                "--port-http",
                "0");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            CompletableFuture.runAsync(() -> {
                try (BufferedReader reader =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            java.util.concurrent.atomic.AtomicReference<String> token =
                    new java.util.concurrent.atomic.AtomicReference<>();
            StringBuilder seen = new StringBuilder();
            List<Integer> ports = ServeBanner.awaitPorts(lines, seen, Duration.ofSeconds(30), line -> {
                Matcher t = TOKEN.matcher(line);
                if (t.find()) {
                    token.set(t.group(1));
                }
            });
            assertThat(seen).contains("running init");
            assertThat(token.get()).as(seen.toString()).isNotNull();
            int internal = ports.get(1);

            HttpResponse<String> usages = Tls.insecureHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + internal + "/api/v1/usages"))
                                    .header("Authorization", "Bearer " + token.get())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(usages.statusCode()).isEqualTo(200);

            long start = System.nanoTime();
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(5, TimeUnit.SECONDS))
                    .as("exited within 5 s of SIGTERM")
                    .isTrue();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isLessThan(Duration.ofSeconds(5));
            // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks and exited; nothing listens any more.
            assertThat(process.exitValue()).isIn(0, 143);
            for (int port : ports) {
                assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
            }
        } finally {
            process.destroyForcibly();
        }
    }
}
