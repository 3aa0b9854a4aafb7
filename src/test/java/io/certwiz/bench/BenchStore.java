package io.certwiz.bench;

import io.certwiz.Certwiz;
import io.certwiz.cli.Main;
import io.certwiz.store.DataDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fresh data directory for one benchmark trial, made by the real {@code certwiz init} (so the store is
 * the one the CLI makes: SQLite in WAL mode with synchronous=FULL, Flyway-migrated, embedded CA trusted).
 * The directory lives under {@code $CERTWIZ_BENCH_DIR} (default: the system temporary directory) so a
 * run can be pointed at the disk being measured.
 */
final class BenchStore implements AutoCloseable {
    static final String FQDN = "bench.example.com";

    private final Path directory;
    private final Certwiz certwiz;

    private BenchStore(Path directory, Certwiz certwiz) {
        this.directory = directory;
        this.certwiz = certwiz;
    }

    static BenchStore create() {
        try {
            String parent = System.getenv("CERTWIZ_BENCH_DIR");
            Path base = parent == null || parent.isBlank()
                    ? Path.of(System.getProperty("java.io.tmpdir"))
                    : Path.of(parent);
            Files.createDirectories(base);
            Path directory = Files.createTempDirectory(base, "certwiz-bench-");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(
                    new String[] {"init", "--data", directory.resolve("data").toString(), "--fqdn", FQDN},
                    new PrintWriter(out, true),
                    new PrintWriter(err, true));
            if (code != 0) {
                throw new IllegalStateException("certwiz init failed (" + code + "): " + err + out);
            }
            return new BenchStore(directory, Certwiz.open(new DataDirectory(directory.resolve("data"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Certwiz certwiz() {
        return certwiz;
    }

    @Override
    public void close() {
        certwiz.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
