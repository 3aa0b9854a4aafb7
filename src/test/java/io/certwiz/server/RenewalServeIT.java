package io.certwiz.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.server.support.CliProcess;
import io.certwiz.server.support.ServeBanner;
import io.certwiz.server.support.Tls;
import io.certwiz.testing.Cli;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renewal end to end: {@code certwiz serve} as its own process with four-minute certificates from the
 * embedded CA and a check every two seconds, while clients open new TLS connections to every listener in
 * a loop (validating the chain; mutual TLS on Default). The first renewal's verification fails (injected:
 * {@code -Dcertwiz.renewal.fault=verify-once}) and every usage goes back to the old certificate; the retry
 * renews and the new certificate takes over every usage; {@code renew --all --force} from the CLI in
 * another process renews again; {@code rollback} returns one usage. No handshake fails meanwhile.
 */
class RenewalServeIT {
    private static final List<String> LISTENERS = List.of("Default", "WebServicesInternal", "WebServicesExternal");
    private static final char[] PASSWORD = "client-pw".toCharArray();

    @TempDir
    Path dir;

    Cli cli;

    @Test
    void renewalsUnderLoadKeepEveryHandshakeWorking() throws Exception {
        cli = Cli.in(dir);
        String root = cli.init("--json").json().path("rootThumbprint").asText();
        Path rootPem = dir.resolve("root.pem");
        cli.run("export", root, "--out", rootPem.toString()).ok();
        // A client certificate for the Default listener's mutual TLS.
        String client = cli.request("Default", "--no-assign", "--exportable");
        Path passwordFile = Cli.writeString(dir.resolve("pw"), new String(PASSWORD) + "\n");
        Path clientPfx = dir.resolve("client.pfx");
        cli.run(
                        "export",
                        client,
                        "--format",
                        "pfx",
                        "--with-key",
                        "--password-file",
                        passwordFile.toString(),
                        "--out",
                        clientPfx.toString())
                .ok();
        String first = cli.request(String.join(",", LISTENERS), "--validity", "4m");
        // Due twenty seconds after issuance, so that the scheduler has work at once.
        cli.run("usage", "set", "Default", "--renew-before", "220s").ok();

        Process serve =
                new ProcessBuilder(serveCommand()).redirectErrorStream(true).start();
        BlockingQueue<String> output = new LinkedBlockingQueue<>();
        StringBuilder log = new StringBuilder();
        // Its own thread: CliProcess reads the CLI's output on the common pool, which this would block.
        Thread drainer = new Thread(() -> drain(serve, output), "serve-output");
        drainer.setDaemon(true);
        drainer.start();
        List<Clients> started = new ArrayList<>();
        try {
            List<Integer> ports = ports(output, log);
            Clients clients = new Clients(ports, rootPem, clientPfx);
            started.add(clients);
            clients.start();
            assertThat(eventually(() -> clients.seen(first), 30))
                    .as("clients see the first certificate")
                    .isTrue();

            // 1. The first renewal is not served (injected): every usage goes back to the first certificate.
            assertThat(eventually(() -> audit().contains("\"renew.reverted\""), 90))
                    .as("a reverted renewal; serve said:\n" + log(output, log))
                    .isTrue();
            for (String usage : LISTENERS) {
                assertThat(usage(usage).path("thumbprint").asText()).as(usage).isEqualTo(first);
            }
            JsonNode failed = usage("Default").path("renewal");
            assertThat(failed.path("attempts").asInt()).isEqualTo(1);
            assertThat(failed.path("lastError").asText()).contains("injected fault");

            // 2. The retry renews: one new certificate takes over every usage and is what clients get.
            assertThat(eventually(
                            () -> !usage("Default").path("thumbprint").asText().equals(first), 120))
                    .as("renewed after the retry; serve said:\n" + log(output, log))
                    .isTrue();
            String second = usage("Default").path("thumbprint").asText();
            for (String usage : LISTENERS) {
                assertThat(usage(usage).path("thumbprint").asText()).as(usage).isEqualTo(second);
            }
            assertThat(cli.run("show", second, "--json")
                            .ok()
                            .json()
                            .path("replaces")
                            .asText())
                    .isEqualTo(first);
            assertThat(eventually(() -> clients.seenOnEvery(second), 30)).isTrue();
            // Back to the default (two thirds of the lifetime): the scheduler has nothing to do for a while.
            cli.run("usage", "set", "Default", "--renew-before", "default").ok();

            // 3. renew --all from the CLI, in another process, while serve runs: serve picks the swap up.
            CliProcess.Result renewed = CliProcess.run(cli.data(), "renew", "--all", "--force", "--json");
            assertThat(renewed.exitCode()).as(renewed.out() + renewed.err()).isZero();
            JsonNode outcome = renewed.json().get(0);
            assertThat(outcome.path("result").asText()).isEqualTo("RENEWED");
            String third = outcome.path("renewedThumbprint").asText();
            assertThat(eventually(() -> clients.seenOnEvery(third), 30)).isTrue();

            // 4. rollback returns one usage to its previous certificate; the others keep the new one.
            CliProcess.Result back = CliProcess.run(cli.data(), "rollback", "--usage", "WebServicesInternal", "--json");
            assertThat(back.exitCode()).as(back.out() + back.err()).isZero();
            assertThat(back.json().path("thumbprint").asText()).isEqualTo(second);
            int internal = ports.get(1);
            assertThat(eventually(() -> Tls.presented(internal).equals(second), 30))
                    .isTrue();
            assertThat(Tls.presented(ports.get(2))).isEqualTo(third);

            clients.stop();
            assertThat(clients.failures)
                    .as("failed handshakes: " + clients.errors)
                    .isEmpty();
            assertThat(clients.handshakes.get()).as("handshakes made").isGreaterThan(100);
            assertThat(clients.thumbprints).contains(first, second, third);
        } finally {
            for (Clients clients : started) {
                clients.stop();
            }
            serve.destroy();
            serve.waitFor(10, TimeUnit.SECONDS);
            serve.destroyForcibly();
        }
    }

    private List<String> serveCommand() {
        List<String> command = CliProcess.javaCommand(
                "-Dcertwiz.renewal.fault=verify-once",
                "io.certwiz.cli.Main",
                "serve",
                "--data",
                cli.data().toString(),
                "--port-default",
                "0",
                "--port-web-internal",
                "0",
                "--port-web-external",
                "0",
                "--port-http",
                "off",
                "--renew-check-interval",
                "2s");
        return command;
    }

    private JsonNode usage(String name) {
        for (JsonNode row : cli.run("usages", "--json").ok().json()) {
            if (row.path("usage").asText().equals(name)) {
                return row;
            }
        }
        throw new AssertionError("no usage " + name);
    }

    private String audit() {
        return cli.run("audit", "--json").ok().out();
    }

    private static boolean eventually(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(250);
        }
        return condition.getAsBoolean();
    }

    private static void drain(Process process, BlockingQueue<String> lines) {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private static String log(BlockingQueue<String> output, StringBuilder log) {
        List<String> more = new ArrayList<>();
        output.drainTo(more);
        more.forEach(line -> log.append(line).append('\n'));
        return log.toString();
    }

    /** The three listeners' ports, in the order serve prints them. */
    private static List<Integer> ports(BlockingQueue<String> output, StringBuilder log) throws InterruptedException {
        return ServeBanner.awaitPorts(output, log, Duration.ofSeconds(60), line -> {});
    }

    /** One thread per listener opening new connections in a loop, validating the chain to the root. */
    static final class Clients {
        final List<Integer> ports;
        final X509Certificate root;
        final KeyManager[] clientKeys;
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong handshakes = new AtomicLong();
        final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<String> errors = failures;
        final Set<String> thumbprints = ConcurrentHashMap.newKeySet();
        final Map<Integer, String> latest = new ConcurrentHashMap<>();
        final List<Thread> threads = new ArrayList<>();

        Clients(List<Integer> ports, Path rootPem, Path clientPfx) throws Exception {
            this.ports = ports;
            try (var in = Files.newInputStream(rootPem)) {
                this.root = (X509Certificate)
                        CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(clientPfx)) {
                store.load(in, PASSWORD);
            }
            this.clientKeys = Tls.keyManagers(store, PASSWORD);
        }

        void start() {
            for (int i = 0; i < ports.size(); i++) {
                int port = ports.get(i);
                KeyManager[] keys = i == 0 ? clientKeys : null;
                Thread thread = new Thread(() -> loop(port, keys), "client-" + port);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
        }

        private void loop(int port, KeyManager[] keys) {
            while (running.get()) {
                SSLContext context = Tls.context(new Tls.Recording(root), keys);
                try {
                    X509Certificate[] chain = Tls.handshake(port, context, null);
                    String thumbprint = Tls.sha1(chain[0]);
                    thumbprints.add(thumbprint);
                    latest.put(port, thumbprint);
                    handshakes.incrementAndGet();
                } catch (IOException | RuntimeException e) {
                    failures.add(port + ": " + e);
                }
                try {
                    Thread.sleep(10); // a steady stream of new connections, not a load test
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        boolean seen(String thumbprint) {
            return thumbprints.contains(thumbprint);
        }

        boolean seenOnEvery(String thumbprint) {
            return ports.stream().allMatch(p -> thumbprint.equals(latest.get(p)));
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(10_000);
            }
        }
    }
}
