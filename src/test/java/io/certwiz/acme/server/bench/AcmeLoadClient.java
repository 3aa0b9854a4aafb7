package io.certwiz.acme.server.bench;

import com.sun.net.httpserver.HttpServer;
import io.certwiz.x509.KeyType;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.AcmeJsonResource;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;

/**
 * A small ACME load client (acme4j) for BENCHMARKS.md, not a test: N concurrent clients, each with its own
 * account, run complete orders (new order, http-01 answered by this process, finalize, download the
 * chain) against one ACME directory for a fixed time, and it prints orders per second with the median
 * and 99th-percentile order time. Loopback only; bounded in time and in orders.
 *
 * <pre>AcmeLoadClient DIRECTORY-URL LABEL HTTP01-PORT NAME-SUFFIX SECONDS CLIENTS[,CLIENTS...]</pre>
 *
 * Client i orders the name c{i}.NAME-SUFFIX every time, which the server must resolve to 127.0.0.1.
 * Status is polled every {@value #POLL_MS} ms when the server answers "pending" or "processing".
 */
public final class AcmeLoadClient {
    static final long POLL_MS = 20;
    /** Time spent per phase of an order, summed over all clients (printed as means with RESULT). */
    static final java.util.concurrent.atomic.AtomicLongArray PHASES =
            new java.util.concurrent.atomic.AtomicLongArray(5);

    static final String[] PHASE_NAMES = {"newOrder", "authorize", "ready", "finalize", "download"};
    static final Duration WARMUP = Duration.ofSeconds(3);
    static final int MAX_ORDERS_PER_CLIENT = 5_000;

    private AcmeLoadClient() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println(
                    "usage: AcmeLoadClient DIRECTORY-URL LABEL HTTP01-PORT NAME-SUFFIX SECONDS CLIENTS[,CLIENTS...]");
            System.exit(2);
        }
        String directory = args[0];
        String label = args[1];
        int port = Integer.parseInt(args[2]);
        String suffix = args[3];
        int seconds = Integer.parseInt(args[4]);
        Map<String, String> answers = new ConcurrentHashMap<>();
        HttpServer responder = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        responder.setExecutor(Executors.newFixedThreadPool(8));
        responder.createContext("/.well-known/acme-challenge/", exchange -> {
            String token = exchange.getRequestURI().getPath().substring("/.well-known/acme-challenge/".length());
            String answer = answers.get(token);
            byte[] body = (answer == null ? "" : answer).getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(answer == null ? 404 : 200, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        responder.start();
        try {
            for (String part : args[5].split(",")) {
                run(System.out, directory, label, answers, suffix, seconds, Integer.parseInt(part.strip()));
            }
        } finally {
            responder.stop(0);
            System.exit(0);
        }
    }

    record Result(
            String label,
            int clients,
            int orders,
            int failures,
            double seconds,
            double perSecond,
            double medianMs,
            double p99Ms) {}

    static void run(
            PrintStream out,
            String directory,
            String label,
            Map<String, String> answers,
            String suffix,
            int seconds,
            int clients)
            throws Exception {
        List<Long> times = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Account> accounts = new ArrayList<>();
        List<KeyPair> certificateKeys = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Session session = new Session(directory);
            accounts.add(new AccountBuilder()
                    .agreeToTermsOfService()
                    .useKeyPair(KeyType.EC_P256.generate())
                    .create(session));
            certificateKeys.add(KeyType.EC_P256.generate());
        }
        // Warm-up: the first seconds' orders are not counted (JIT, connections).
        CountDownLatch warm = new CountDownLatch(clients);
        long warmUntil = System.nanoTime() + WARMUP.toNanos();
        for (int i = 0; i < clients; i++) {
            int client = i;
            pool.execute(() -> {
                try {
                    for (int n = 0; n < MAX_ORDERS_PER_CLIENT && (n < 1 || System.nanoTime() < warmUntil); n++) {
                        order(accounts.get(client), certificateKeys.get(client), "c" + client + "." + suffix, answers);
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                    System.err.println(label + " warm-up: " + e);
                } finally {
                    warm.countDown();
                }
            });
        }
        warm.await();
        failures.set(0);
        for (int i = 0; i < 5; i++) {
            PHASES.set(i, 0);
        }
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(seconds).toNanos();
        CountDownLatch done = new CountDownLatch(clients);
        for (int i = 0; i < clients; i++) {
            int client = i;
            pool.execute(() -> {
                try {
                    for (int n = 0; n < MAX_ORDERS_PER_CLIENT && System.nanoTime() < deadline; n++) {
                        long began = System.nanoTime();
                        try {
                            order(
                                    accounts.get(client),
                                    certificateKeys.get(client),
                                    "c" + client + "." + suffix,
                                    answers);
                            long ended = System.nanoTime();
                            if (ended <= deadline) {
                                times.add(ended - began);
                            }
                        } catch (Exception e) {
                            failures.incrementAndGet();
                            System.err.println(label + " order failed: " + causes(e));
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        pool.shutdown();
        double elapsed = Math.min(System.nanoTime(), deadline) - start;
        List<Long> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        double median = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2) / 1e6;
        double p99 = sorted.isEmpty()
                ? 0
                : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)) / 1e6;
        Result result = new Result(
                label,
                clients,
                sorted.size(),
                failures.get(),
                elapsed / 1e9,
                sorted.size() / (elapsed / 1e9),
                median,
                p99);
        out.printf(
                Locale.ROOT,
                "RESULT %s clients=%d orders=%d failures=%d seconds=%.1f orders_per_s=%.1f median_ms=%.1f p99_ms=%.1f%n",
                result.label(),
                result.clients(),
                result.orders(),
                result.failures(),
                result.seconds(),
                result.perSecond(),
                result.medianMs(),
                result.p99Ms());
        StringBuilder phases = new StringBuilder("PHASES " + label + " clients=" + clients);
        int all = Math.max(1, sorted.size() + failures.get());
        for (int i = 0; i < 5; i++) {
            phases.append(String.format(Locale.ROOT, " %s=%.1fms", PHASE_NAMES[i], PHASES.get(i) / 1e6 / all));
        }
        out.println(phases);
        out.flush();
    }

    static String causes(Throwable e) {
        StringBuilder out = new StringBuilder(String.valueOf(e));
        for (Throwable cause = e.getCause(); cause != null && out.length() < 1000; cause = cause.getCause()) {
            out.append(" <- ").append(cause);
        }
        return out.toString();
    }

    /** One complete order: new order, http-01 for each authorization, finalize, download. */
    static void order(Account account, KeyPair certificateKey, String name, Map<String, String> answers)
            throws Exception {
        long t0 = System.nanoTime();
        Order order = account.newOrder().domains(name).create();
        long t1 = System.nanoTime();
        for (Authorization authorization : order.getAuthorizations()) {
            if (authorization.getStatus() == Status.VALID) {
                continue;
            }
            Http01Challenge challenge =
                    authorization.findChallenge(Http01Challenge.class).orElseThrow();
            answers.put(challenge.getToken(), challenge.getAuthorization());
            try {
                challenge.trigger();
                if (challenge.getStatus() != Status.VALID) {
                    poll(authorization, Status.PENDING, Status.PROCESSING);
                }
            } finally {
                answers.remove(challenge.getToken());
            }
            if (authorization.getStatus() != Status.VALID && challenge.getStatus() != Status.VALID) {
                throw new IllegalStateException("authorization of " + name + " is " + authorization.getStatus());
            }
        }
        long t2 = System.nanoTime();
        if (order.getStatus() != Status.READY) {
            poll(order, Status.PENDING);
        }
        long t3 = System.nanoTime();
        order.execute(certificateKey);
        if (order.getStatus() != Status.VALID) {
            poll(order, Status.PROCESSING, Status.READY);
        }
        long t4 = System.nanoTime();
        if (order.getStatus() != Status.VALID) {
            throw new IllegalStateException("order for " + name + " is " + order.getStatus());
        }
        order.getCertificate().download();
        if (order.getCertificate().getCertificateChain().isEmpty()) {
            throw new IllegalStateException("no certificate");
        }
        long t5 = System.nanoTime();
        long[] marks = {t0, t1, t2, t3, t4, t5};
        for (int i = 0; i < 5; i++) {
            PHASES.addAndGet(i, marks[i + 1] - marks[i]);
        }
    }

    private static void poll(AcmeJsonResource resource, Status... whileIn) throws Exception {
        List<Status> waiting = List.of(whileIn);
        for (int i = 0; i < 1_500; i++) {
            resource.fetch();
            Status status = resource instanceof Order o
                    ? o.getStatus()
                    : resource instanceof Authorization a ? a.getStatus() : Status.UNKNOWN;
            if (!waiting.contains(status)) {
                return;
            }
            Thread.sleep(POLL_MS);
        }
        throw new IllegalStateException("still waiting after 30 s");
    }
}
