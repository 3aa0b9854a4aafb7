package io.certwiz.testing;

import io.certwiz.Certwiz;
import io.certwiz.InitService;
import io.certwiz.crypto.KeyVault;
import io.certwiz.store.DataDirectory;
import io.certwiz.store.Database;
import io.certwiz.usage.ServerIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A fresh SQLite store for a fuzz target (one per JVM and target), deleted when the JVM ends. */
public final class FuzzStores {
    /** The identity's domain: the default ACME policy issues for every name under it. */
    public static final String DOMAIN = "fuzz.test";

    private FuzzStores() {}

    /** An initialized store (server srv.fuzz.test, SIP domain fuzz.test) whose services read {@code clock}. */
    public static Certwiz fresh(Clock clock) {
        try {
            Path dir = Files.createTempDirectory("certwiz-fuzz");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            DataDirectory data = new DataDirectory(dir.resolve("data"));
            InitService.init(
                    data,
                    new InitService.Options(
                            ServerIdentity.of("srv." + DOMAIN, null, null, "www." + DOMAIN, List.of(DOMAIN)),
                            true,
                            false),
                    clock);
            return new Certwiz(data, Database.openSqlite(data.database()), new KeyVault(data.readMasterKey()), clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
