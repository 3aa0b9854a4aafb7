package io.certwiz.bench;

import io.certwiz.store.jdbc.SqlServerIdentityRecords;
import io.certwiz.store.jdbc.SqlSettings;
import io.certwiz.usage.ServerIdentity;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The store's own cost per transaction on the SQLite file certwiz init makes (WAL, synchronous=FULL):
 * {@code durableWrite} is one committed write transaction (a setting), whose commit waits for the WAL to
 * reach the disk; {@code read} is one read transaction (the server identity). An online request makes
 * three write transactions (the CA's issuance record; key and certificate; the assignment) and several
 * reads, so these bound issuance from below.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class StoreBenchmark {
    private BenchStore store;
    private long counter;

    @Setup(Level.Trial)
    public void setUp() {
        store = BenchStore.create();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        store.close();
    }

    @Benchmark
    public Object durableWrite() {
        String value = Long.toString(counter++);
        return store.certwiz().store().write(tx -> {
            new SqlSettings().put(tx, "bench.counter", value);
            return value;
        });
    }

    @Benchmark
    public Optional<ServerIdentity> read() {
        return store.certwiz().store().read(new SqlServerIdentityRecords()::identity);
    }
}
