package io.certwiz.server.soak;

import io.certwiz.Certwiz;
import io.certwiz.server.support.CliProcess;
import io.certwiz.server.support.TestServer;
import io.certwiz.server.support.Tls;
import io.certwiz.server.tls.TlsListeners;
import io.certwiz.store.DataDirectory;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Hot-swap soak (bench/hot-swap-soak.sh; not a test): clients open new TLS connections in a loop against
 * the WebServicesInternal listener while its certificate is reassigned again and again. Reports the
 * failed handshakes (there must be none), the time from each assignment to the first handshake that
 * gets the new certificate (median, 90th percentile, max), and any handshake that began after a swap was
 * seen and still got an older certificate.
 *
 * <p>Modes: {@code api} assigns through POST /api/v1/assignments (the server applies it at once);
 * {@code store} assigns through a second certwiz on the same data directory, as another process would
 * (the server notices by polling the store); {@code cli} runs {@code certwiz assign} as a separate JVM and
 * times from its commit, which the soak sees by polling the store itself.
 *
 * <p>Arguments: {@code [reassignments per mode] [clients] [modes, e.g. api,store,cli] [cli reassignments]}.
 */
public final class HotSwapSoak {
    private record Handshake(long start, long end, String thumbprint) {}

    /** {@code begin}: when the assigning started; {@code at}: from when the server could know it. */
    private record Swap(String mode, String thumbprint, long begin, long at) {}

    /** The swap the main thread waits to see: the first handshake that ends after {@code at} with it. */
    private record Expect(String thumbprint, long at, AtomicLong seen) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    public static void main(String[] args) throws Exception {
        int reassignments = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        List<String> modes = List.of((args.length > 2 ? args[2] : "api,store,cli").split(","));
        int cliReassignments = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        Path dir = Files.createTempDirectory("certwiz-soak-");
        try (TestServer server = TestServer.start(dir)) {
            run(server, reassignments, clients, modes, cliReassignments);
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }

    static void run(TestServer server, int reassignments, int clients, List<String> modes, int cliReassignments)
            throws Exception {
        int port = server.port(Usage.WebServicesInternal);
        System.out.printf(
                "certwiz hot-swap soak: TLS engine %s, %d client threads, listener 127.0.0.1:%d, %d CPUs%n",
                TlsListeners.engine(), clients, port, Runtime.getRuntime().availableProcessors());
        // A pool of certificates to rotate through (ec-p256, issued by the embedded CA, not yet assigned).
        List<String> pool = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            pool.add(server.request(List.of(Usage.WebServicesInternal), false, false));
        }
        String first = server.request(List.of(Usage.WebServicesInternal), true, false);

        ConcurrentLinkedQueue<Handshake> handshakes = new ConcurrentLinkedQueue<>();
        Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicReference<Expect> expect =
                new java.util.concurrent.atomic.AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofPlatform().name("soak-client-" + c).start(() -> {
                while (running.get()) {
                    long start = System.nanoTime();
                    try {
                        String thumbprint = handshake(port);
                        long end = System.nanoTime();
                        handshakes.add(new Handshake(start, end, thumbprint));
                        Expect e = expect.get();
                        if (e != null && end >= e.at() && thumbprint.equals(e.thumbprint())) {
                            e.seen().compareAndSet(0, end);
                        }
                    } catch (IOException | RuntimeException e) {
                        failures.computeIfAbsent(e.toString(), k -> new AtomicLong())
                                .incrementAndGet();
                    }
                }
            }));
        }
        Thread.sleep(2000); // warm-up under load

        HttpClient api = Tls.insecureHttpClient();
        List<Swap> swaps = new ArrayList<>();
        String current = first;
        int next = 0;
        try (Certwiz other = Certwiz.open(new DataDirectory(server.dataDir())).as("soak:other-writer")) {
            for (String mode : modes) {
                int count = mode.equals("cli") ? cliReassignments : reassignments;
                if (mode.equals("api")) {
                    // One assignment first, not counted: the API client's connection and the JIT's first pass.
                    String warm = pool.get(next++ % pool.size());
                    api.send(
                            HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/api/v1/assignments"))
                                    .header("Authorization", "Bearer " + server.adminToken())
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            "{\"thumbprint\":\"" + warm + "\",\"usages\":[\"WebServicesInternal\"]}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    current = warm;
                    Thread.sleep(300);
                }
                for (int i = 0; i < count; i++) {
                    String thumbprint = pool.get(next++ % pool.size());
                    if (thumbprint.equals(current)) {
                        thumbprint = pool.get(next++ % pool.size());
                    }
                    long at;
                    long begin = System.nanoTime();
                    switch (mode) {
                        case "api" -> {
                            at = System.nanoTime();
                            HttpResponse<String> response = api.send(
                                    HttpRequest.newBuilder(
                                                    URI.create("https://127.0.0.1:" + port + "/api/v1/assignments"))
                                            .header("Authorization", "Bearer " + server.adminToken())
                                            .header("Content-Type", "application/json")
                                            .POST(HttpRequest.BodyPublishers.ofString("{\"thumbprint\":\"" + thumbprint
                                                    + "\",\"usages\":[\"WebServicesInternal\"]}"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() != 201) {
                                throw new IllegalStateException("assignment failed: " + response.body());
                            }
                        }
                        case "store" -> {
                            other.assignments()
                                    .assign(Thumbprint.parse(thumbprint), List.of(Usage.WebServicesInternal));
                            at = System.nanoTime(); // committed: from here the server can see it
                        }
                        case "cli" -> {
                            // The other process's commit, seen by polling the store every millisecond.
                            AtomicLong committed = new AtomicLong();
                            String expected = thumbprint;
                            Thread watcher = Thread.ofPlatform().start(() -> watchCommit(server, expected, committed));
                            CliProcess.run(server.dataDir(), "assign", thumbprint, "--usage", "WebServicesInternal")
                                    .ok();
                            watcher.join(5000);
                            at = committed.get() == 0 ? System.nanoTime() : committed.get();
                        }
                        default -> throw new IllegalArgumentException("mode: api, store or cli, not " + mode);
                    }
                    swaps.add(new Swap(mode, thumbprint, begin, at));
                    current = thumbprint;
                    // Wait until a handshake has it (at most 5 s), then a pause before the next swap.
                    Expect waiting = new Expect(thumbprint, at, new AtomicLong());
                    expect.set(waiting);
                    long deadline = System.nanoTime() + 5_000_000_000L;
                    while (System.nanoTime() < deadline && waiting.seen().get() == 0) {
                        Thread.sleep(1);
                    }
                    Thread.sleep(50 + RANDOM.nextInt(100));
                }
            }
        }
        Thread.sleep(500);
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        report(swaps, new ArrayList<>(handshakes), failures);
    }

    /** Sets {@code committed} to when the store first shows {@code thumbprint} assigned to WebServicesInternal. */
    static void watchCommit(TestServer server, String thumbprint, AtomicLong committed) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        try (Connection db = DriverManager.getConnection(
                        "jdbc:sqlite:" + server.dataDir().resolve("certwiz.db"));
                PreparedStatement query =
                        db.prepareStatement("SELECT thumbprint FROM assignments WHERE usage = 'WebServicesInternal'")) {
            while (System.nanoTime() < deadline) {
                try (ResultSet row = query.executeQuery()) {
                    if (row.next() && thumbprint.equals(row.getString(1))) {
                        committed.set(System.nanoTime());
                        return;
                    }
                }
                Thread.sleep(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** When the first handshake that ended after {@code at} with this thumbprint ended, or -1. */
    static long firstSeen(Iterable<Handshake> handshakes, String thumbprint, long at) {
        long first = -1;
        for (Handshake h : handshakes) {
            if (h.end() >= at && h.thumbprint().equals(thumbprint) && (first < 0 || h.end() < first)) {
                first = h.end();
            }
        }
        return first;
    }

    static void report(List<Swap> swaps, List<Handshake> handshakes, Map<String, AtomicLong> failures) {
        long failed = failures.values().stream().mapToLong(AtomicLong::get).sum();
        System.out.printf("handshakes: %d completed, %d failed%n", handshakes.size(), failed);
        failures.forEach((message, count) -> System.out.printf("  failed %d x %s%n", count.get(), message));
        handshakes.sort((a, b) -> Long.compare(a.start(), b.start()));
        for (String mode : swaps.stream().map(Swap::mode).distinct().toList()) {
            List<Double> latencies = new ArrayList<>();
            int missed = 0;
            long stale = 0;
            for (int i = 0; i < swaps.size(); i++) {
                Swap swap = swaps.get(i);
                if (!swap.mode().equals(mode)) {
                    continue;
                }
                long seen = firstSeen(handshakes, swap.thumbprint(), swap.at());
                if (seen < 0) {
                    missed++;
                    continue;
                }
                latencies.add((seen - swap.at()) / 1e6);
                // Until the next swap began (its commit may come before its call returns).
                long until = i + 1 < swaps.size() ? swaps.get(i + 1).begin() : Long.MAX_VALUE;
                for (Handshake h : handshakes) {
                    if (h.start() > seen && h.start() < until && !h.thumbprint().equals(swap.thumbprint())) {
                        stale++;
                    }
                }
            }
            Collections.sort(latencies);
            System.out.printf(
                    "%-5s reassignments: %d; assignment -> first handshake with the new certificate:"
                            + " median %.1f ms, p90 %.1f ms, max %.1f ms; never seen: %d; older certificate after"
                            + " the new one was seen: %d%n",
                    mode,
                    latencies.size() + missed,
                    percentile(latencies, 50),
                    percentile(latencies, 90),
                    latencies.isEmpty() ? Double.NaN : latencies.getLast(),
                    missed,
                    stale);
        }
    }

    static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** One full handshake on a new connection, with a new client context (no resumption). */
    static String handshake(int port) throws IOException {
        Tls.Recording recording = new Tls.Recording(null);
        SSLContext context = Tls.context(recording, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            socket.startHandshake();
            return Tls.sha1((X509Certificate) socket.getSession().getPeerCertificates()[0]);
        }
    }
}
