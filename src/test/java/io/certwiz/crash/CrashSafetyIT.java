package io.certwiz.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Crash safety, proven: on SQLite and on PostgreSQL at once, 1,000 mixed operations (online and offline
 * requests, imports of CA certificates and of a CA's replies, assignments, unassignments, removals) run
 * through the service layer in a process that is killed with SIGKILL at random points and started again,
 * while {@code certwiz} commands and {@code certwiz serve} are started and killed beside it and (on
 * PostgreSQL) the database server itself is killed and restarted. Then every operation the journal saw
 * committed is in the store, {@code certwiz check} exits 0, and {@code certwiz serve} starts and presents
 * each assigned certificate. See {@link CrashRun} and docs/crash-safety.md.
 *
 * <p>Everything random comes from one seed, printed with every failure: {@code -Dcrash.seed=N} replays a
 * run (the kill points also depend on timing, so a replay is close, not exact), {@code
 * -Dcrash.stores=sqlite} or {@code postgresql} runs one store, {@code -Dcrash.operations=N} changes the
 * count.
 */
class CrashSafetyIT {
    static final long SEED = Long.getLong("crash.seed", 20_260_513L);
    static final int OPERATIONS = Integer.getInteger("crash.operations", 1000);
    private static final List<String> STORES =
            List.of(System.getProperty("crash.stores", "sqlite,postgresql").split(","));

    @Test
    void everyCommittedOperationSurvivesKillNine() throws InterruptedException, IOException {
        Path dir = Files.createTempDirectory(base(), "certwiz-crash-");
        // Both stores at once: a run mostly waits, for commits to reach the disk and for JVMs to start.
        ExecutorService pool = Executors.newFixedThreadPool(STORES.size());
        Map<String, Future<String>> runs = new LinkedHashMap<>();
        for (String store : STORES) {
            boolean postgres = switch (store.strip()) {
                case "sqlite" -> false;
                case "postgresql" -> true;
                default -> throw new IllegalArgumentException("crash.stores takes sqlite and postgresql: " + store);
            };
            runs.put(store, pool.submit(() -> new CrashRun(dir.resolve(store), postgres, SEED, OPERATIONS).run()));
        }
        pool.shutdown();
        List<Throwable> failures = new ArrayList<>();
        for (Map.Entry<String, Future<String>> run : runs.entrySet()) {
            try {
                System.out.println(run.getValue().get());
            } catch (ExecutionException e) {
                failures.add(e.getCause());
            }
        }
        System.out.println("crash test: " + CpuTime.report());
        if (failures.isEmpty()) {
            delete(dir);
        } else {
            AssertionError error = new AssertionError(String.join(
                    "\n", failures.stream().map(Throwable::getMessage).toList()));
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }

    /**
     * Where the stores live: {@code -Dcrash.dir}, else a memory file system (/dev/shm) when there is one.
     * The test kills processes, not the machine: what a process wrote is in the kernel either way, and
     * without the disk's fsync latency 1,000 operations fit in CI's minutes.
     */
    private static Path base() {
        String configured = System.getProperty("crash.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** Deletes a passed run's files (a failed run's stay, with the processes' logs). */
    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
