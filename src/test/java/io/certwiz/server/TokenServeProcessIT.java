package io.certwiz.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certwiz.server.support.CliProcess;
import io.certwiz.server.support.OpenSsl;
import io.certwiz.server.support.ServeBanner;
import io.certwiz.server.support.Tls;
import io.certwiz.testing.Cli;
import io.certwiz.testing.TestTokens;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code certwiz serve} as its own process with a token key, on the JDK's TLS engine: with a wrong PIN
 * in the PIN file the token refuses the login, the listener presents the temporary certificate and says
 * so (log, {@code usages}), the PIN never shows; with the right PIN the token key serves TLS 1.3.
 */
class TokenServeProcessIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WRONG_PIN = "918273";

    @TempDir
    Path dir;

    record Serving(Process process, List<Integer> ports, StringBuilder output) implements AutoCloseable {
        @Override
        public void close() {
            process.destroy();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process.destroyForcibly();
        }
    }

    @Test
    void aRefusedPinLeavesTheTemporaryCertificateTheRightOneServesTls13() throws Exception {
        Cli cli = Cli.in(dir);
        String admin = cli.init("--json").json().path("adminToken").asText();
        TestTokens.configure(cli.data(), "hsm", TestTokens.LEAF, null);
        String onToken = cli.request("WebServicesInternal", "--key-store", "pkcs11:hsm");
        Path pin = cli.data().resolve("hsm.pin");
        Files.writeString(pin, WRONG_PIN + "\n");

        try (Serving serving = serve(cli.data())) {
            int internal = serving.ports().get(1);
            assertThat(Tls.presented(internal)).isNotEqualTo(onToken);
            String log = serving.output().toString();
            assertThat(log)
                    .contains("WebServicesInternal: kept the temporary certificate: token hsm: cannot log in with the"
                            + " PIN file " + pin)
                    .contains("CKR_PIN_INCORRECT");
            JsonNode usages = JSON.readTree(Tls.insecureHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + internal + "/api/v1/usages"))
                                    .header("Authorization", "Bearer " + admin)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            JsonNode row = usages.get(1);
            assertThat(row.path("usage").asText()).isEqualTo("WebServicesInternal");
            assertThat(row.path("state").asText()).isEqualTo("NotPresented");
            assertThat(row.path("problem").asText()).contains("the token refused the PIN (CKR_PIN_INCORRECT)");
            assertThat(log + usages).doesNotContain(WRONG_PIN).doesNotContain(TestTokens.PIN);
        }

        Files.writeString(pin, TestTokens.PIN + "\n");
        try (Serving serving = serve(cli.data())) {
            int internal = serving.ports().get(1);
            OpenSsl.Handshake tls13 = OpenSsl.connect(internal, "-tls1_3");
            assertThat(tls13.established()).as(tls13.all() + serving.output()).isTrue();
            assertThat(tls13.protocol()).isEqualTo("TLSv1.3");
            assertThat(tls13.thumbprint()).isEqualTo(onToken);
            assertThat(serving.output().toString()).doesNotContain(TestTokens.PIN);
        }
        assertThat(cli.run("usages", "--json").ok().json().get(1).path("state").asText())
                .isEqualTo("Assigned");
    }

    private static Serving serve(Path data) throws Exception {
        List<String> command = new ArrayList<>(CliProcess.javaCommand(
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
                "off"));
        command.add(1, "--add-exports");
        command.add(2, "jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The JDK's TLS engine (the in-process tests run on Conscrypt).
        builder.environment().put("CERTWIZ_TLS_PROVIDER", "jdk");
        builder.environment().put("SOFTHSM2_CONF", TestTokens.conf().toString());
        Process process = builder.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        StringBuilder output = new StringBuilder();
        // Its own thread: the common pool (one thread on two cores) is left to OpenSsl's readers.
        Thread lineReader = new Thread(() -> {
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        lineReader.setDaemon(true);
        lineReader.start();
        List<Integer> ports;
        try {
            ports = ServeBanner.awaitPorts(lines, new StringBuilder(), Duration.ofSeconds(60), line -> {});
        } catch (AssertionError e) {
            process.destroyForcibly();
            throw new AssertionError("serve did not start:\n" + output, e);
        }
        return new Serving(process, ports, output);
    }
}
