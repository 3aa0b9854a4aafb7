package io.certwiz;

import io.certwiz.acme.client.AcmeClient;
import io.certwiz.acme.client.AcmeClientRecords;
import io.certwiz.acme.client.AcmeClientStorage;
import io.certwiz.acme.server.AcmeIssuer;
import io.certwiz.acme.server.AcmeServer;
import io.certwiz.acme.server.AcmeServerStorage;
import io.certwiz.acme.server.EabService;
import io.certwiz.acme.server.IssuancePolicy;
import io.certwiz.acme.server.ReplayNonces;
import io.certwiz.acme.server.ValidationSettings;
import io.certwiz.alert.AlertService;
import io.certwiz.alert.RenewalSource;
import io.certwiz.assignment.AssignedCredentials;
import io.certwiz.assignment.AssignmentChecks;
import io.certwiz.assignment.AssignmentService;
import io.certwiz.assignment.ClientRootsService;
import io.certwiz.audit.AuditService;
import io.certwiz.auth.AdminCredentials;
import io.certwiz.ca.CertificateAuthority;
import io.certwiz.ca.EmbeddedCa;
import io.certwiz.ca.LedgerStatus;
import io.certwiz.ca.OcspResponder;
import io.certwiz.certificate.ExportService;
import io.certwiz.certificate.HeldCertificates;
import io.certwiz.certificate.VerifyService;
import io.certwiz.check.StoreCheck;
import io.certwiz.crypto.KeyResealing;
import io.certwiz.crypto.KeyVault;
import io.certwiz.inventory.CertificateService;
import io.certwiz.inventory.ImportService;
import io.certwiz.inventory.RevocationService;
import io.certwiz.keystore.KeyService;
import io.certwiz.keystore.TokenConfigs;
import io.certwiz.renewal.Origin;
import io.certwiz.renewal.RenewalContext;
import io.certwiz.renewal.RenewalPlanner;
import io.certwiz.renewal.RenewalService;
import io.certwiz.renewal.ServedCheck;
import io.certwiz.renewal.Takeover;
import io.certwiz.request.LocalNamePolicy;
import io.certwiz.request.RequestService;
import io.certwiz.revocation.HttpFetcher;
import io.certwiz.revocation.RevocationChecker;
import io.certwiz.revocation.RevocationSources;
import io.certwiz.store.DataDirectory;
import io.certwiz.store.Database;
import io.certwiz.store.Dialect;
import io.certwiz.store.SharedStore;
import io.certwiz.store.SqlStore;
import io.certwiz.store.Store;
import io.certwiz.store.jdbc.SqlAssignments;
import io.certwiz.store.jdbc.SqlCertificateRecords;
import io.certwiz.store.jdbc.SqlIssuanceLedger;
import io.certwiz.store.jdbc.SqlKeyRecords;
import io.certwiz.store.jdbc.SqlPendingRequests;
import io.certwiz.store.jdbc.SqlServerIdentityRecords;
import io.certwiz.store.jdbc.SqlSettings;
import io.certwiz.token.TokenService;
import io.certwiz.trust.PathValidator;
import io.certwiz.trust.ValidationRequest;
import io.certwiz.usage.ListenerFaults;
import io.certwiz.usage.ServerIdentity;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.function.IntSupplier;
import java.util.random.RandomGenerator;

/**
 * One server's certwiz: its store, its key vault and the services over them, each given the storage of
 * the domains it works on. The CLI, the REST API and the web wizard all call these same services.
 */
public final class Certwiz implements AutoCloseable {
    private static final Records RECORDS = Records.SQL;

    private final DataDirectory data;
    private final Store store;
    private final KeyVault vault;
    private final Clock clock;
    private final String actor;
    private final String server;
    private final HeldCertificates held = RECORDS.held();
    private final RandomGenerator random = new SecureRandom();
    private EmbeddedCa embeddedCa;

    public Certwiz(DataDirectory data, Store store, KeyVault vault, Clock clock) {
        this(data, store, vault, clock, "cli:" + System.getProperty("user.name", "unknown"), serverName());
    }

    private Certwiz(DataDirectory data, Store store, KeyVault vault, Clock clock, String actor, String server) {
        this.data = data;
        this.store = store;
        this.vault = vault;
        this.clock = clock;
        this.actor = actor;
        this.server = server;
    }

    /** The same services, recording {@code actor} in the audit log (e.g. "web:admin", "api:admin"). */
    public Certwiz as(String actor) {
        return new Certwiz(data, store, vault, clock, actor, server);
    }

    /** Who takes a pool's leases: this host and process, and a random part (one JVM may run several). */
    private static String serverName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host + "/" + ProcessHandle.current().pid() + "/"
                + Integer.toHexString(new SecureRandom().nextInt(1 << 24));
    }

    /** This certwiz's name as the holder of a pool's renewal leases. */
    public String server() {
        return server;
    }

    public String actor() {
        return actor;
    }

    /** Opens an initialized data directory. */
    public static Certwiz open(DataDirectory data) {
        if (!data.hasStore()) {
            throw CertwizException.notFound("no certwiz store in " + data.path() + "; run certwiz init --fqdn NAME");
        }
        Store store =
                data.sharedStore().<Store>map(SharedStore::open).orElseGet(() -> Database.openSqlite(data.database()));
        Clock clock = Clock.systemUTC();
        KeyVault vault;
        try {
            MasterKeyRotation.recover(data, store);
            vault = new KeyVault(data.readMasterKey());
            KeyResealing.upgrade(store, RECORDS.settings(), RECORDS.keys(), vault, clock.instant());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return new Certwiz(data, store, vault, clock);
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

    /** The names requests are planned from; a one-line "not found" before {@code init}. */
    public ServerIdentity identity() {
        return store.read(RECORDS.identities()::identity)
                .orElseThrow(() -> CertwizException.notFound("this store has no server identity; run certwiz init"));
    }

    public synchronized EmbeddedCa embeddedCa() {
        if (embeddedCa == null) {
            embeddedCa = EmbeddedCa.load(
                    store, RECORDS.settings(), RECORDS.keys(), RECORDS.ledger(), RECORDS.caCrls(), keys(), clock);
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
        return new AcmeClient(
                data,
                new AcmeClientStorage(store, RECORDS.acmeClient(), RECORDS.keys(), RECORDS.audit()),
                vault,
                clock,
                actor);
    }

    /** What certwiz's ACME requests published and recorded. */
    public AcmeClientRecords acmeClientRecords() {
        return RECORDS.acmeClient();
    }

    /** The ACME server's storage, for the server, {@code certwiz policy} and {@code certwiz acme eab}. */
    public AcmeServerStorage acmeServerStorage() {
        return acmeServerStorage(store);
    }

    /** The ACME server's storage over {@code store}. */
    public static AcmeServerStorage acmeServerStorage(Store store) {
        return new AcmeServerStorage(
                store,
                RECORDS.acmeServer(),
                RECORDS.settings(),
                RECORDS.audit(),
                RECORDS.identities(),
                RECORDS.ledger());
    }

    /** The embedded CA's ACME server; the servers of a pool on one PostgreSQL store share its nonces. */
    public AcmeServer acmeServer(ValidationSettings validation, IntSupplier externalPort) {
        AcmeServerStorage storage = acmeServerStorage();
        boolean pool = store instanceof SqlStore sql && sql.dialect() == Dialect.POSTGRESQL;
        ReplayNonces nonces =
                pool ? ReplayNonces.shared(storage, data::readMasterKey, clock) : ReplayNonces.inMemory(clock);
        return new AcmeServer(
                storage,
                AcmeIssuer.embedded(this::embeddedCa),
                nonces,
                new EabService(storage, data, clock, "acme"),
                validation,
                externalPort,
                clock);
    }

    /** Makes and opens private keys, in software or on the tokens of the data directory's tokens.json. */
    public KeyService keys() {
        return keyService(data, vault);
    }

    /** The key service over {@code data}'s tokens.json (read when a key is made or opened). */
    public static KeyService keyService(DataDirectory data, KeyVault vault) {
        return new KeyService(vault, RECORDS.keys(), () -> TokenConfigs.load(data.path()));
    }

    public RequestService requests() {
        return new RequestService(
                store,
                keys(),
                this::authority,
                held,
                RECORDS.pending(),
                RECORDS.keys(),
                RECORDS.identities(),
                RECORDS.audit(),
                assignments(),
                localNamePolicy(),
                clock,
                actor);
    }

    /** The embedded CA's ACME name policy, applied to this server's own requests too. */
    private LocalNamePolicy localNamePolicy() {
        AcmeServerStorage storage = acmeServerStorage();
        return (tx, names) -> {
            IssuancePolicy policy = IssuancePolicy.load(tx, storage);
            return names.stream().filter(name -> !policy.permits(name)).toList();
        };
    }

    public ImportService imports() {
        return new ImportService(
                store, vault, requests(), held, RECORDS.keys(), RECORDS.audit(), clock, actor, new HttpFetcher());
    }

    public AssignmentService assignments() {
        return new AssignmentService(
                store,
                held,
                RECORDS.assignments(),
                new AssignmentChecks(RECORDS.keys(), RECORDS.identities()),
                RECORDS.history(),
                RECORDS.audit(),
                clock,
                actor,
                revocationChecker(store, clock),
                new ListenerFaults(RECORDS.settings()));
    }

    /** Renewal: {@code certwiz renew}, {@code usage set}, {@code rollback}, the scheduler; nothing verified. */
    public RenewalService renewals() {
        AssignmentService assignments = assignments();
        Takeover swap = RenewalService.swap(assignments);
        Takeover stage = RenewalService.stage(assignments);
        return new RenewalService(
                new RenewalContext(
                        store,
                        held,
                        RECORDS.renewals(),
                        assignments,
                        RECORDS.history(),
                        requests(),
                        RECORDS.pending(),
                        RECORDS.keys(),
                        RECORDS.identities(),
                        new Origin.Finder(RECORDS.acmeClient(), this::embeddedCa),
                        new RenewalPlanner(RECORDS.settings(), random),
                        RECORDS.audit(),
                        clock,
                        actor,
                        server),
                usage -> io.certwiz.assignment.Rollover.rolls(usage) ? stage : swap,
                ServedCheck.none());
    }

    public CertificateService certificates() {
        return new CertificateService(
                store,
                held,
                RECORDS.pending(),
                RECORDS.keys(),
                RECORDS.audit(),
                RECORDS.acmeClient(),
                tx -> EmbeddedCa.certificates(tx, RECORDS.settings()),
                clock,
                actor);
    }

    public ExportService exports() {
        return new ExportService(store, keys(), held, RECORDS.keys(), RECORDS.audit(), clock, actor);
    }

    public AssignedCredentials credentials() {
        return new AssignedCredentials(
                store,
                keys(),
                held,
                RECORDS.assignments(),
                RECORDS.keys(),
                new ListenerFaults(RECORDS.settings()),
                RECORDS.settings(),
                clientRoots(),
                clock);
    }

    /** The roots the Default listener trusts for client certificates. */
    public ClientRootsService clientRoots() {
        return new ClientRootsService(
                store, RECORDS.settings(), held, RECORDS.assignments(), RECORDS.audit(), clock, actor);
    }

    /** OAuthTokenIssuer's tokens and published keys. */
    public TokenService tokens() {
        return new TokenService(
                store,
                keys(),
                RECORDS.certificates(),
                RECORDS.assignments(),
                RECORDS.keys(),
                RECORDS.identities(),
                RECORDS.audit(),
                clock,
                actor);
    }

    /** Alerts over everything this store holds, renewal's state included. */
    public AlertService alerts() {
        return new AlertService(
                store,
                RECORDS.alerts(),
                RECORDS.certificates(),
                RECORDS.assignments(),
                RECORDS.ledger(),
                RECORDS.acmeClient(),
                RenewalSource.of(RECORDS.renewals()),
                this::revokedAssigned,
                RECORDS.settings(),
                RECORDS.identities(),
                RECORDS.audit(),
                data::readMasterKey,
                this::embeddedCrl,
                clock,
                actor);
    }

    /** The assigned certificates known here to be revoked, by thumbprint, with their usages (no fetch). */
    private java.util.Map<String, String> revokedAssigned() {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (io.certwiz.assignment.UsageStatuses.RevokedAssignment r :
                assignments().revokedAssignments(false)) {
            out.merge(r.thumbprint(), r.usage().name(), (a, b) -> a + "," + b);
        }
        return out;
    }

    /** The embedded CA's CRL, or null when this store has no embedded CA. */
    private java.security.cert.X509CRL embeddedCrl() {
        try {
            return embeddedCa().crl();
        } catch (CertwizException e) {
            return null;
        }
    }

    /** The embedded CA's OCSP responder; one per server, as it keeps the responses it signed. */
    public OcspResponder ocspResponder() {
        return new OcspResponder(store, RECORDS.settings(), RECORDS.keys(), vault, embeddedCa(), clock);
    }

    /** {@code certwiz revoke}: the embedded CA's revocations. */
    public RevocationService revocations() {
        return new RevocationService(store, this::embeddedCa, RECORDS.certificates(), RECORDS.audit(), clock, actor);
    }

    public VerifyService verifier() {
        return verifier(store, clock);
    }

    /** {@code verify} over any store, such as one standing in for a data directory that has none. */
    public static VerifyService verifier(Store store, Clock clock) {
        return new VerifyService(
                store, RECORDS.held(), RECORDS.identities(), clock, revocationChecker(store, clock), new HttpFetcher());
    }

    /** What revocation checks fetch with: one per process, so that it remembers unreachable URLs for all. */
    private static final io.certwiz.revocation.Fetcher REVOCATION_FETCHER =
            new io.certwiz.revocation.UnreachableMemory(new HttpFetcher(), Clock.systemUTC());

    /**
     * Revocation checks over {@code store}: the embedded CA's ledger at once, outside CAs' CRLs and OCSP
     * responses fetched and kept in the store until their next update. Each one keeps what it fetched in
     * memory too, so a long-lived one (the mutual-TLS listener's) fetches least.
     */
    public static RevocationChecker revocationChecker(Store store, Clock clock) {
        return new RevocationChecker(
                new LedgerStatus(store, RECORDS.settings(), RECORDS.ledger()),
                new RevocationSources(store, RECORDS.revocationCache(), REVOCATION_FETCHER, clock),
                (certificate, intermediates, anchors, at) -> PathValidator.validate(
                                ValidationRequest.of(certificate, intermediates, anchors, at))
                        .valid());
    }

    /** The administrator's token: issue, reset, verify. */
    public AdminCredentials admin() {
        return new AdminCredentials(store, RECORDS.settings(), RECORDS.audit(), clock);
    }

    public AuditService audit() {
        return new AuditService(store, RECORDS.audit(), clock);
    }

    /** {@code certwiz check}: the store's integrity, read in one transaction. */
    public StoreCheck check() {
        return new StoreCheck(
                store,
                keys(),
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
