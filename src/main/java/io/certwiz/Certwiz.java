package io.certwiz;

import io.certwiz.acme.client.AcmeClient;
import io.certwiz.ca.CertificateAuthority;
import io.certwiz.ca.EmbeddedCa;
import io.certwiz.certificate.CertificateService;
import io.certwiz.certificate.ExportService;
import io.certwiz.certificate.ImportService;
import io.certwiz.check.StoreCheck;
import io.certwiz.crypto.KeyVault;
import io.certwiz.request.RequestService;
import io.certwiz.store.Database;
import io.certwiz.store.SharedStore;
import io.certwiz.store.Store;
import io.certwiz.store.jdbc.SqlAssignments;
import io.certwiz.store.jdbc.SqlCertificateRecords;
import io.certwiz.store.jdbc.SqlIssuanceLedger;
import io.certwiz.store.jdbc.SqlKeyRecords;
import io.certwiz.store.jdbc.SqlPendingRequests;
import io.certwiz.store.jdbc.SqlServerIdentityRecords;
import io.certwiz.store.jdbc.SqlSettings;
import io.certwiz.trust.VerifyService;
import io.certwiz.usage.AssignedCredentials;
import io.certwiz.usage.AssignmentService;
import java.time.Clock;

/**
 * One server's certwiz: its store, its key vault and the services over them. The CLI, the REST API
 * and the web wizard all call these same services.
 */
public final class Certwiz implements AutoCloseable {
    private final DataDirectory data;
    private final Store store;
    private final KeyVault vault;
    private final Clock clock;
    private final String actor;
    private EmbeddedCa embeddedCa;

    public Certwiz(DataDirectory data, Store store, KeyVault vault, Clock clock) {
        this(data, store, vault, clock, "cli:" + System.getProperty("user.name", "unknown"));
    }

    private Certwiz(DataDirectory data, Store store, KeyVault vault, Clock clock, String actor) {
        this.data = data;
        this.store = store;
        this.vault = vault;
        this.clock = clock;
        this.actor = actor;
    }

    /** The same services, recording {@code actor} in the audit log (e.g. "web:admin", "api:admin"). */
    public Certwiz as(String actor) {
        Certwiz view = new Certwiz(data, store, vault, clock, actor);
        return view;
    }

    public String actor() {
        return actor;
    }

    /** Opens an initialized data directory. */
    public static Certwiz open(DataDirectory data) {
        if (!data.hasStore()) {
            throw CertwizException.notFound("no certwiz store in " + data.path() + "; run certwiz init --fqdn NAME");
        }
        KeyVault vault = new KeyVault(data.readMasterKey());
        Store store =
                data.sharedStore().<Store>map(SharedStore::open).orElseGet(() -> Database.openSqlite(data.database()));
        return new Certwiz(data, store, vault, Clock.systemUTC());
    }

    public DataDirectory data() {
        return data;
    }

    public Store store() {
        return store;
    }

    public Clock clock() {
        return clock;
    }

    public synchronized EmbeddedCa embeddedCa() {
        if (embeddedCa == null) {
            embeddedCa = EmbeddedCa.load(store, vault);
        }
        return embeddedCa;
    }

    /** The CA named by {@code --ca}. */
    public CertificateAuthority authority(String name) {
        if (name == null || name.equals(EmbeddedCa.NAME)) {
            return embeddedCa();
        }
        AcmeClient acme = acme();
        return acme.authority(name).orElseThrow(() -> acme.unknownCa(name));
    }

    /** The ACME CAs: {@code certwiz ca add|list|remove}, and requests to them. */
    public AcmeClient acme() {
        return new AcmeClient(data, store, vault, clock, actor);
    }

    public RequestService requests() {
        return new RequestService(store, vault, this::authority, clock, actor);
    }

    public ImportService imports() {
        return new ImportService(store, vault, requests(), clock, actor);
    }

    public AssignmentService assignments() {
        return new AssignmentService(store, clock, actor);
    }

    public CertificateService certificates() {
        return new CertificateService(store, clock, actor);
    }

    public ExportService exports() {
        return new ExportService(store, vault, clock, actor);
    }

    public AssignedCredentials credentials() {
        return new AssignedCredentials(store, vault, clock);
    }

    public VerifyService verifier() {
        return new VerifyService(store, clock);
    }

    /** {@code certwiz check}: the store's integrity, read in one transaction. */
    public StoreCheck check() {
        return new StoreCheck(
                store,
                vault,
                new SqlServerIdentityRecords(),
                new SqlSettings(),
                new SqlKeyRecords(),
                new SqlCertificateRecords(),
                new SqlAssignments(),
                new SqlPendingRequests(),
                new SqlIssuanceLedger());
    }

    @Override
    public void close() {
        store.close();
    }
}
