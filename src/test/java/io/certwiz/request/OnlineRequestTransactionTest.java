package io.certwiz.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certwiz.Certwiz;
import io.certwiz.CertwizException;
import io.certwiz.assignment.AssignmentChecks;
import io.certwiz.assignment.AssignmentService;
import io.certwiz.ca.CertificateAuthority;
import io.certwiz.ca.EmbeddedCa;
import io.certwiz.ca.IssuanceLedger;
import io.certwiz.ca.Submission;
import io.certwiz.certificate.HeldCertificates;
import io.certwiz.cli.Main;
import io.certwiz.crypto.KeyRecords;
import io.certwiz.crypto.KeyVault;
import io.certwiz.store.DataDirectory;
import io.certwiz.store.Store;
import io.certwiz.store.Transaction;
import io.certwiz.store.jdbc.SqlAssignments;
import io.certwiz.store.jdbc.SqlAuditLog;
import io.certwiz.store.jdbc.SqlCertificateRecords;
import io.certwiz.store.jdbc.SqlIssuanceLedger;
import io.certwiz.store.jdbc.SqlKeyRecords;
import io.certwiz.store.jdbc.SqlPendingRequests;
import io.certwiz.store.jdbc.SqlServerIdentityRecords;
import io.certwiz.trust.TrustStore;
import io.certwiz.usage.Usage;
import io.certwiz.x509.KeyType;
import io.certwiz.x509.Thumbprint;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An online request to the embedded CA writes the CA's issuance record in the same transaction as the key
 * and the certificate, and builds its status page from the chain report of the assignment's checks.
 */
class OnlineRequestTransactionTest {
    @TempDir
    Path temp;

    private final KeyRecords keys = new SqlKeyRecords();
    private final HeldCertificates held = new HeldCertificates(new SqlCertificateRecords(), new SqlAssignments(), keys);
    private final IssuanceLedger ledger = new SqlIssuanceLedger();
    private DataDirectory data;
    private Certwiz certwiz;

    @BeforeEach
    void init() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(
                new String[] {"init", "--data", temp.resolve("data").toString(), "--fqdn", "tx.example.com"},
                new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        data = new DataDirectory(temp.resolve("data"));
        certwiz = Certwiz.open(data);
    }

    @AfterEach
    void close() {
        certwiz.close();
    }

    @Test
    void issuanceIsRecordedAndTheStatusPageIsTheOneAReadShows() {
        RequestOutcome outcome =
                certwiz.requests().online(RequestSpec.forUsages(List.of(Usage.WebServicesInternal), KeyType.EC_P256));

        assertThat(outcome.assignedUsages()).containsExactly("WebServicesInternal");
        assertThat(outcome.assignmentProblems()).isEmpty();
        assertThat(outcome.certificate().chain().trusted()).isTrue();
        Thumbprint thumbprint = Thumbprint.parse(outcome.certificate().thumbprint());
        certwiz.store().read((Transaction tx) -> {
            X509Certificate leaf = held.get(tx, thumbprint).certificate();
            assertThat(ledger.find(tx, leaf.getSerialNumber()))
                    .hasValueSatisfying(
                            record -> assertThat(record.thumbprint()).isEqualTo(thumbprint));
            // What a later read shows (the CLI's show): the same view, chain report included.
            assertThat(held.views(tx, Clock.systemUTC().instant()).of(held.get(tx, thumbprint)))
                    .isEqualTo(outcome.certificate());
            return null;
        });
    }

    @Test
    void aRequestWhoseStoreWriteFailsLeavesNoIssuanceRecordBehind() {
        Store real = certwiz.store();
        Store failing = new FailingWrites(real);
        EmbeddedCa ca = certwiz.embeddedCa();
        AtomicReference<X509Certificate> issued = new AtomicReference<>();
        CertificateAuthority watched = new CertificateAuthority() {
            @Override
            public String name() {
                return ca.name();
            }

            @Override
            public List<X509Certificate> submit(PKCS10CertificationRequest request, List<Usage> usages) {
                throw new AssertionError("the request should not have the CA record on its own");
            }

            @Override
            public Issued submitDeferred(PKCS10CertificationRequest request, Submission submission) {
                Issued done = ca.submitDeferred(request, submission);
                issued.set(done.chain().getFirst());
                return done;
            }
        };
        int certificates = real.read((Transaction tx) ->
                held.records().inStore(tx, TrustStore.personal).size());
        SqlServerIdentityRecords identities = new SqlServerIdentityRecords();
        SqlAuditLog audit = new SqlAuditLog();
        AssignmentService assignments = new AssignmentService(
                failing,
                held,
                new SqlAssignments(),
                new AssignmentChecks(keys, identities),
                new io.certwiz.store.jdbc.SqlAssignmentHistory(),
                audit,
                Clock.systemUTC(),
                "test",
                io.certwiz.Certwiz.revocationChecker(failing, Clock.systemUTC()),
                new io.certwiz.usage.ListenerFaults(new io.certwiz.store.jdbc.SqlSettings()));
        RequestService requests = new RequestService(
                failing,
                new io.certwiz.keystore.KeyService(
                        new KeyVault(data.readMasterKey()), keys, () -> io.certwiz.keystore.TokenConfigs.NONE),
                name -> watched,
                held,
                new SqlPendingRequests(),
                keys,
                identities,
                audit,
                assignments,
                LocalNamePolicy.ANY,
                Clock.systemUTC(),
                "test");

        assertThatThrownBy(() ->
                        requests.online(RequestSpec.forUsages(List.of(Usage.WebServicesInternal), KeyType.EC_P256)))
                .isInstanceOf(CertwizException.class)
                .hasMessageContaining("disk full");

        assertThat(issued.get()).isNotNull();
        real.read((Transaction tx) -> {
            assertThat(ledger.find(tx, issued.get().getSerialNumber())).isEmpty();
            assertThat(held.records().inStore(tx, TrustStore.personal)).hasSize(certificates);
            return null;
        });
    }

    /** Runs each write's work in a real transaction, then fails it before the commit: it rolls back. */
    private record FailingWrites(Store store) implements Store {
        @Override
        public <T> T read(Work<T> work) {
            return store.read(work);
        }

        @Override
        public <T> T write(Work<T> work) {
            return store.write(tx -> {
                work.run(tx);
                throw CertwizException.error("disk full");
            });
        }

        @Override
        public <T> T writeUnsynced(Work<T> work) {
            return write(work);
        }

        @Override
        public void close() {}
    }
}
