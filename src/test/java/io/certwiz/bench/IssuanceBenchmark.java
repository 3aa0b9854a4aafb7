package io.certwiz.bench;

import io.certwiz.request.RequestOutcome;
import io.certwiz.request.RequestSpec;
import io.certwiz.usage.Usage;
import io.certwiz.x509.KeyType;
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
 * In-process online issuance, one request per operation, exactly what {@code certwiz request} does after
 * start-up: make the key, build and sign the PKCS#10 request, have the embedded CA verify and issue it
 * (recording the serial), seal and store key and certificate, assign the usage (with its chain checks)
 * and build the status page. Every store write is its own committed SQLite transaction in WAL mode with
 * synchronous=FULL, so each operation is durable.
 *
 * <p>Throughput mode gives requests per second on one thread; sample mode gives the latency
 * distribution (its p0.50 is the median).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class IssuanceBenchmark {
    @Param({"ec-p256", "rsa-2048"})
    public String key;

    private BenchStore store;
    private RequestSpec spec;

    @Setup(Level.Trial)
    public void setUp() {
        store = BenchStore.create();
        spec = RequestSpec.forUsages(List.of(Usage.WebServicesInternal), KeyType.parse(key));
        RequestOutcome first = store.certwiz().requests().online(spec);
        if (first.assignmentRefused() || !first.certificate().chain().trusted()) {
            throw new IllegalStateException("the benchmark's request was not issued and assigned: " + first);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        store.close();
    }

    /** Key + request + issue + store + assign, durable. */
    @Benchmark
    public RequestOutcome onlineRequest() {
        return store.certwiz().requests().online(spec);
    }
}
