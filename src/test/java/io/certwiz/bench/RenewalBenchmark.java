package io.certwiz.bench;

import io.certwiz.renewal.RenewalOutcome;
import io.certwiz.renewal.RenewalService;
import io.certwiz.renewal.RenewalState;
import io.certwiz.request.RequestSpec;
import io.certwiz.store.Transaction;
import io.certwiz.store.jdbc.SqlRenewalRecords;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Renewal on the SQLite store certwiz init makes. {@link Pass}: one scheduler pass (what {@code certwiz
 * serve} runs every check interval) over a store tracking {@code tracked} certificates, of which
 * {@code due} are due but leased by another server of a pool (so the pass reads and skips them, issuing
 * nothing); the assigned certificates are tracked already. {@link Renew}: one renewal through the embedded
 * CA, end to end (lease, new key, request, issuance, the takeover of the usage with the checks of assign,
 * lineage, state, audit), renewals per second. Memory per operation: run with {@code -prof gc}.
 */
public class RenewalBenchmark {

    @State(Scope.Benchmark)
    public static class Pass {
        @Param({"10000", "100000"})
        public int tracked;

        @Param({"0", "100"})
        public int due;

        BenchStore store;
        RenewalService renewals;

        @Setup(Level.Trial)
        public void setUp() {
            store = BenchStore.create();
            store.certwiz()
                    .requests()
                    .online(RequestSpec.builder(List.of(Usage.WebServicesInternal))
                            .key("ec-p256")
                            .build());
            SqlRenewalRecords records = new SqlRenewalRecords();
            Instant now = Instant.now();
            HexFormat hex = HexFormat.of().withUpperCase();
            int batch = 10_000;
            for (int from = 0; from < tracked; from += batch) {
                int start = from;
                store.certwiz().store().write((Transaction tx) -> {
                    for (int i = start; i < Math.min(start + batch, tracked); i++) {
                        byte[] bytes = new byte[20];
                        java.nio.ByteBuffer.wrap(bytes).putInt(16, i).putInt(0, 0x5eed);
                        Thumbprint thumbprint = new Thumbprint(hex.formatHex(bytes));
                        boolean isDue = i < due;
                        Instant at = isDue ? now.minus(Duration.ofMinutes(1)) : now.plus(Duration.ofDays(30 + i % 60));
                        records.put(
                                tx,
                                new RenewalState(
                                        thumbprint,
                                        at,
                                        at,
                                        0,
                                        null,
                                        null,
                                        isDue ? "other-server" : null,
                                        isDue ? now.plus(Duration.ofDays(1)) : null));
                    }
                    return null;
                });
            }
            renewals = store.certwiz().renewals();
            renewals.track();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            store.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Renew {
        @Param({"ec-p256", "rsa-2048"})
        public String key;

        BenchStore store;
        RenewalService renewals;
        final RenewalService.Options force = new RenewalService.Options(true, false);

        @Setup(Level.Trial)
        public void setUp() {
            store = BenchStore.create();
            store.certwiz()
                    .requests()
                    .online(RequestSpec.builder(List.of(Usage.WebServicesInternal))
                            .key(key)
                            .build());
            renewals = store.certwiz().renewals();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            store.close();
        }
    }

    /** One scheduler pass; nothing is issued. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    @Fork(
            value = 1,
            jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
    @Warmup(iterations = 3, time = 3)
    @Measurement(iterations = 5, time = 3)
    public List<RenewalOutcome> schedulerPass(Pass state) {
        List<RenewalOutcome> outcomes = state.renewals.pass(RenewalService.PASS_LIMIT);
        if (!outcomes.isEmpty()) {
            throw new IllegalStateException("the pass renewed something: " + outcomes);
        }
        return outcomes;
    }

    /** One forced renewal of the usage's certificate through the embedded CA, durable. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(1)
    @Fork(
            value = 1,
            jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
    @Warmup(iterations = 3, time = 5)
    @Measurement(iterations = 5, time = 5)
    public RenewalOutcome renewal(Renew state) {
        RenewalOutcome outcome = state.renewals.renew(Usage.WebServicesInternal, state.force);
        if (outcome.result() != RenewalOutcome.Result.RENEWED) {
            throw new IllegalStateException("not renewed: " + outcome);
        }
        return outcome;
    }
}
