package io.certwiz;

import io.certwiz.auth.AdminCredentials;
import io.certwiz.ca.EmbeddedCa;
import io.certwiz.ca.EmbeddedCaSetup;
import io.certwiz.crypto.KeyResealing;
import io.certwiz.crypto.KeyVault;
import io.certwiz.keystore.KeyService;
import io.certwiz.keystore.KeyStoreChoice;
import io.certwiz.store.DataDirectory;
import io.certwiz.store.Database;
import io.certwiz.store.SharedStore;
import io.certwiz.store.SqlStore;
import io.certwiz.store.Transaction;
import io.certwiz.trust.TrustStore;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.x509.Thumbprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code certwiz init}: a new store with the server identity and an embedded CA — the data directory's
 * own SQLite store, or a pool's shared PostgreSQL store ({@code --store-url}) that further servers then
 * join ({@link #join}).
 */
public final class InitService {
    private static final Records RECORDS = Records.SQL;

    private InitService() {}

    /**
     * {@code caKeyStore}: where the embedded CA's keys are made (null: software, sealed in the store);
     * {@code pkiUrl}: the plain-HTTP base URL of the embedded CA's CRL, CA certificate and OCSP responder in
     * the certificates it issues (null: {@code http://} and the external web FQDN, port 80).
     */
    public record Options(
            ServerIdentity identity,
            boolean trustEmbeddedCa,
            boolean force,
            SharedStore shared,
            KeyStoreChoice caKeyStore,
            String pkiUrl) {
        public Options {
            if (caKeyStore == null) {
                caKeyStore = KeyStoreChoice.SOFTWARE;
            }
        }

        public Options(ServerIdentity identity, boolean trustEmbeddedCa, boolean force, SharedStore shared) {
            this(identity, trustEmbeddedCa, force, shared, null, null);
        }

        public Options(ServerIdentity identity, boolean trustEmbeddedCa, boolean force) {
            this(identity, trustEmbeddedCa, force, null, null, null);
        }
    }

    /** What {@link #join} found in the pool's store. */
    public record Joined(String dataDirectory, String storeUrl, ServerIdentity identity, String rootThumbprint) {}

    public record Result(
            String dataDirectory,
            ServerIdentity identity,
            String rootThumbprint,
            String intermediateThumbprint,
            boolean embeddedCaTrusted,
            String adminToken,
            String caKeyStore) {}

    public static Result init(DataDirectory data, Options options) {
        return init(data, options, Clock.systemUTC());
    }

    /** As {@link #init(DataDirectory, Options)}, with the times (the CA's validity, the audit log) from {@code clock}. */
    public static Result init(DataDirectory data, Options options, Clock clock) {
        if (data.hasStore() && !options.force()) {
            throw CertwizException.refused("a certwiz store already exists in " + data.path()
                    + "; add --force to replace it (everything in it is lost)");
        }
        if (options.shared() != null) {
            return initShared(data, options, clock);
        }
        data.create();
        Path database = data.database();
        Path staging = data.path().resolve(DataDirectory.DATABASE + ".new");
        deleteDatabase(staging);
        byte[] masterKey = KeyVault.newMasterKey();
        Result result;
        // Built aside and moved into place only when complete: a failed init leaves the old store as it was.
        try (SqlStore store = Database.openSqlite(staging)) {
            result = populate(store, data, options, new KeyVault(masterKey), clock, "", tx -> {});
        } catch (RuntimeException e) {
            deleteDatabase(staging);
            throw e;
        }
        try {
            deleteDatabase(database);
            Files.move(staging, database);
            data.writeMasterKey(masterKey);
            // Its own store from now on, no longer a pool's.
            Files.deleteIfExists(data.sharedStoreFile());
        } catch (IOException e) {
            throw CertwizException.error("cannot put the new store in place: " + e.getMessage(), e);
        }
        return result;
    }

    /**
     * Writes the identity, the embedded CA and the admin token in one transaction, after {@code check} (which
     * may refuse), then puts the CA into the trust stores when asked.
     */
    private static Result populate(
            SqlStore store,
            DataDirectory data,
            Options options,
            KeyVault vault,
            Clock clock,
            String auditDetail,
            Consumer<Transaction> check) {
        String baseUrl = "https://" + options.identity().webExternalFqdn() + ":4443";
        String pkiUrl = options.pkiUrl() != null
                ? options.pkiUrl()
                : "http://" + options.identity().webExternalFqdn();
        String actor = "cli:" + System.getProperty("user.name", "unknown");
        AdminCredentials admin = new AdminCredentials(store, RECORDS.settings(), RECORDS.audit(), clock);
        KeyService keys = Certwiz.keyService(data, vault);
        if (options.caKeyStore().onToken()) {
            keys.choose(options.caKeyStore().toString());
        }
        String token = store.write(tx -> {
            check.accept(tx);
            Instant now = clock.instant();
            RECORDS.identities().save(tx, options.identity());
            KeyResealing.markDone(tx, RECORDS.settings(), now);
            EmbeddedCaSetup.create(
                    tx,
                    RECORDS.settings(),
                    keys,
                    options.caKeyStore(),
                    now,
                    options.identity().fqdn(),
                    baseUrl,
                    pkiUrl);
            RECORDS.audit()
                    .append(
                            tx,
                            now,
                            actor,
                            "init",
                            List.of(),
                            "fqdn=" + options.identity().fqdn() + auditDetail
                                    + (options.caKeyStore().onToken() ? " ca-key-store=" + options.caKeyStore() : ""));
            return admin.issue(tx, actor);
        });
        String[] thumbprints = loadCa(store, keys, clock, options.trustEmbeddedCa());
        return new Result(
                data.path().toString(),
                options.identity(),
                thumbprints[0],
                thumbprints[1],
                options.trustEmbeddedCa(),
                token,
                thumbprints[2]);
    }

    /**
     * The first server of a pool: the identity, the embedded CA and the admin token go into the shared
     * store in one transaction, refused when it already holds a pool; the master key and where the store
     * is go into the data directory, and are taken back when the store refused.
     */
    private static Result initShared(DataDirectory data, Options options, Clock clock) {
        if (options.force()) {
            throw CertwizException.badUsage(
                    "--force cannot replace a shared store: other servers may use it; drop its database yourself");
        }
        SharedStore shared = options.shared();
        byte[] masterKey = KeyVault.newMasterKey();
        try (SqlStore store = shared.open()) {
            data.create();
            data.writeMasterKey(masterKey);
            data.writeSharedStore(shared);
            try {
                return populate(
                        store,
                        data,
                        options,
                        new KeyVault(masterKey),
                        clock,
                        " store=" + shared.shownUrl(),
                        tx -> RECORDS.identities().identity(tx).ifPresent(existing -> {
                            throw CertwizException.refused("the store at " + shared.shownUrl()
                                    + " already holds a certwiz pool (server identity " + existing.fqdn()
                                    + "); add this server to it with certwiz join --store-url URL --master-key-file"
                                    + " FILE");
                        }));
            } catch (RuntimeException e) {
                forgetPool(data);
                throw e;
            }
        }
    }

    /**
     * Another server of a pool: checks that {@code masterKey} opens the pool's embedded CA key, then
     * records the shared store and the key in the data directory. Nothing is written to the store.
     */
    public static Joined join(DataDirectory data, SharedStore shared, byte[] masterKey, boolean force) {
        if (data.hasStore() && !force) {
            throw CertwizException.refused("a certwiz store already exists in " + data.path()
                    + "; add --force to replace it with the pool's (everything in it is lost)");
        }
        KeyVault vault = new KeyVault(masterKey);
        ServerIdentity identity;
        String root;
        try (SqlStore store = shared.open()) {
            identity = store.read(RECORDS.identities()::identity)
                    .orElseThrow(() -> CertwizException.notFound("the store at " + shared.shownUrl()
                            + " holds no certwiz pool yet; create it with certwiz init --fqdn NAME --store-url URL"));
            EmbeddedCa ca;
            try {
                KeyResealing.upgrade(
                        store,
                        RECORDS.settings(),
                        RECORDS.keys(),
                        vault,
                        Clock.systemUTC().instant());
                ca = load(store, Certwiz.keyService(data, vault), Clock.systemUTC());
            } catch (CertwizException e) {
                throw CertwizException.refused("this master key does not open the pool's keys (" + e.getMessage()
                        + "); use the master.key of a server of the pool");
            }
            root = Thumbprint.of(ca.root()).hex();
        }
        data.create();
        deleteDatabase(data.database());
        data.writeMasterKey(masterKey);
        data.writeSharedStore(shared);
        return new Joined(data.path().toString(), shared.shownUrl(), identity, root);
    }

    private static void forgetPool(DataDirectory data) {
        try {
            Files.deleteIfExists(data.sharedStoreFile());
            Files.deleteIfExists(data.masterKeyFile());
        } catch (IOException ignored) {
            // Left behind, they point at a store that holds no pool: join or init again replaces them.
        }
    }

    private static EmbeddedCa load(SqlStore store, KeyService keys, Clock clock) {
        return EmbeddedCa.load(
                store, RECORDS.settings(), RECORDS.keys(), RECORDS.ledger(), RECORDS.caCrls(), keys, clock);
    }

    private static String[] loadCa(SqlStore store, KeyService keys, Clock clock, boolean trust) {
        EmbeddedCa ca = load(store, keys, clock);
        if (trust) {
            Instant now = clock.instant();
            store.write(tx -> {
                RECORDS.certificates().put(tx, ca.root(), TrustStore.root, "certwiz embedded root CA", null, now);
                RECORDS.certificates()
                        .put(tx, ca.intermediate(), TrustStore.intermediate, "certwiz embedded issuing CA", null, now);
                return null;
            });
        }
        return new String[] {
            Thumbprint.of(ca.root()).hex(), Thumbprint.of(ca.intermediate()).hex(), ca.keyLocation()
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
