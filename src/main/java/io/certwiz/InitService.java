package io.certwiz;

import io.certwiz.auth.AdminCredentials;
import io.certwiz.ca.EmbeddedCa;
import io.certwiz.crypto.KeyVault;
import io.certwiz.store.Database;
import io.certwiz.store.SqlStore;
import io.certwiz.trust.TrustStore;
import io.certwiz.usage.ServerIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** {@code certwiz init}: a new store with the server identity and an embedded CA. */
public final class InitService {
    private InitService() {}

    public record Options(ServerIdentity identity, boolean trustEmbeddedCa, boolean force) {}

    public record Result(
            String dataDirectory,
            ServerIdentity identity,
            String rootThumbprint,
            String intermediateThumbprint,
            boolean embeddedCaTrusted,
            String adminToken) {}

    public static Result init(DataDirectory data, Options options) {
        if (data.hasStore() && !options.force()) {
            throw CertwizException.refused("a certwiz store already exists in " + data.path()
                    + "; add --force to replace it (everything in it is lost)");
        }
        data.create();
        Path database = data.database();
        Path staging = data.path().resolve(DataDirectory.DATABASE + ".new");
        deleteDatabase(staging);
        byte[] masterKey = KeyVault.newMasterKey();
        KeyVault vault = new KeyVault(masterKey);
        String baseUrl = "https://" + options.identity().webExternalFqdn() + ":4443";
        String[] thumbprints;
        String actor = "cli:" + System.getProperty("user.name", "unknown");
        String token;
        // Built aside and moved into place only when complete: a failed init leaves the old store as it was.
        try (SqlStore store = Database.openSqlite(staging)) {
            token = store.write(tx -> {
                tx.saveIdentity(options.identity());
                EmbeddedCa.create(tx, vault, options.identity().fqdn(), baseUrl);
                tx.audit(
                        Instant.now(),
                        actor,
                        "init",
                        List.of(),
                        "fqdn=" + options.identity().fqdn());
                return AdminCredentials.issue(tx, actor);
            });
            thumbprints = loadCa(store, vault, options.trustEmbeddedCa());
        } catch (RuntimeException e) {
            deleteDatabase(staging);
            throw e;
        }
        try {
            deleteDatabase(database);
            Files.move(staging, database);
            data.writeMasterKey(masterKey);
        } catch (IOException e) {
            throw CertwizException.error("cannot put the new store in place: " + e.getMessage(), e);
        }
        return new Result(
                data.path().toString(),
                options.identity(),
                thumbprints[0],
                thumbprints[1],
                options.trustEmbeddedCa(),
                token);
    }

    private static String[] loadCa(SqlStore store, KeyVault vault, boolean trust) {
        EmbeddedCa ca = EmbeddedCa.load(store, vault);
        if (trust) {
            Instant now = Instant.now();
            store.write(tx -> {
                tx.putCertificate(ca.root(), TrustStore.root, "certwiz embedded root CA", null, now);
                tx.putCertificate(ca.intermediate(), TrustStore.intermediate, "certwiz embedded issuing CA", null, now);
                return null;
            });
        }
        return new String[] {
            io.certwiz.x509.Thumbprint.of(ca.root()).hex(),
            io.certwiz.x509.Thumbprint.of(ca.intermediate()).hex()
        };
    }

    private static void deleteDatabase(Path file) {
        try {
            for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
                Files.deleteIfExists(Path.of(file + suffix));
            }
        } catch (IOException e) {
            throw CertwizException.error("cannot remove " + file + ": " + e.getMessage(), e);
        }
    }
}
