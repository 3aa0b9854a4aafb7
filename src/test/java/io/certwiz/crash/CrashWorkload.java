package io.certwiz.crash;

import io.certwiz.Certwiz;
import io.certwiz.CertwizException;
import io.certwiz.Failure;
import io.certwiz.certificate.StoredCertificate;
import io.certwiz.inventory.ImportOutcome;
import io.certwiz.inventory.ImportService;
import io.certwiz.renewal.RenewalOutcome;
import io.certwiz.renewal.RenewalService;
import io.certwiz.request.OfflineRequest;
import io.certwiz.request.PendingRequest;
import io.certwiz.request.RequestOutcome;
import io.certwiz.request.RequestSpec;
import io.certwiz.store.DataDirectory;
import io.certwiz.store.jdbc.SqlAssignments;
import io.certwiz.store.jdbc.SqlCertificateRecords;
import io.certwiz.store.jdbc.SqlPendingRequests;
import io.certwiz.testing.CertFactory;
import io.certwiz.trust.TrustStore;
import io.certwiz.usage.Assignment;
import io.certwiz.usage.Usage;
import io.certwiz.x509.KeyType;
import io.certwiz.x509.Thumbprint;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The crash test's workload, run as its own JVM so that it can be killed with SIGKILL at any moment:
 * mixed operations (requests, imports, assignments, renewals, removals) through the real service layer ({@link Certwiz}), each journaled before it starts and
 * after it committed ({@link CrashJournal}). Started again after a kill, it goes on from the journal until
 * {@code target} operations are done. Its choices come from the seed and the operation's number.
 *
 * <p>Arguments: DATA-DIR JOURNAL WORK-DIR SEED TARGET. WORK-DIR holds the test CA ({@code test-ca.pem},
 * {@code test-ca.key}) that signs offline requests, and CA certificates to import ({@code cas/*.pem}).
 */
public final class CrashWorkload {
    /** The usages the workload assigns (OAuthTokenIssuer needs RSA keys, slower to make). */
    static final List<Usage> USAGES = List.of(Usage.Default, Usage.WebServicesInternal, Usage.WebServicesExternal);

    private final Certwiz certwiz;
    private final CrashJournal journal;
    private final Path work;
    private final CertFactory.Issued testCa;
    private final List<Path> caFiles;
    private final Set<String> caThumbprints;

    private CrashWorkload(Certwiz certwiz, CrashJournal journal, Path work) throws IOException {
        this.certwiz = certwiz;
        this.journal = journal;
        this.work = work;
        this.testCa = readCa(work);
        try (var files = Files.list(work.resolve("cas"))) {
            this.caFiles = files.sorted().toList();
        }
        this.caThumbprints = caFiles.stream()
                .map(f -> Thumbprint.of(CertFactory.read(f).getFirst()).hex())
                .collect(Collectors.toSet());
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path journalFile = Path.of(args[1]);
        Path work = Path.of(args[2]);
        long seed = Long.parseLong(args[3]);
        long target = Long.parseLong(args[4]);
        List<String> lines = CrashJournal.lines(journalFile);
        long next = CrashJournal.count(lines, "begin");
        long done = CrashJournal.count(lines, "done");
        try (Certwiz certwiz = Certwiz.open(new DataDirectory(data)).as("crash-workload");
                CrashJournal journal = CrashJournal.append(journalFile)) {
            CrashWorkload workload = new CrashWorkload(certwiz, journal, work);
            for (; done < target; next++, done++) {
                workload.operate(next, new Random(seed * 1_000_003L + next));
            }
        }
        System.exit(0);
    }

    /** Picks and runs operation {@code n}. */
    private void operate(long n, Random random) {
        List<StoredCertificate> held = certwiz.store().read(tx -> new SqlCertificateRecords().all(tx));
        List<Assignment> assignments = certwiz.store().read(tx -> new SqlAssignments().all(tx));
        List<PendingRequest> pending = certwiz.store().read(tx -> new SqlPendingRequests().all(tx));
        Set<String> assigned =
                assignments.stream().map(a -> a.thumbprint().hex()).collect(Collectors.toSet());
        List<StoredCertificate> personal = held.stream()
                .filter(c -> c.store() == TrustStore.personal && c.hasPrivateKey())
                .toList();
        List<StoredCertificate> removable = held.stream()
                .filter(c -> !assigned.contains(c.thumbprint().hex()))
                .filter(c -> c.store() == TrustStore.personal
                        || caThumbprints.contains(c.thumbprint().hex()))
                .toList();
        javax.security.auth.x500.X500Principal embedded =
                certwiz.embeddedCa().intermediate().getSubjectX500Principal();
        List<StoredCertificate> renewable = personal.stream()
                .filter(c -> assigned.contains(c.thumbprint().hex()))
                .filter(c -> c.certificate().getIssuerX500Principal().equals(embedded))
                .toList();
        int roll = random.nextInt(100);
        if (personal.size() > 12 && !removable.isEmpty()) {
            roll = 90;
        } else if (pending.size() > 4) {
            roll = 40;
        }
        if (roll < 25) {
            online(n, usages(random));
        } else if (roll < 37) {
            offline(n, usages(random));
        } else if (roll < 52 && !pending.isEmpty()) {
            importReply(n, pending.get(random.nextInt(pending.size())));
        } else if (roll < 60) {
            importCa(n, caFiles.get(random.nextInt(caFiles.size())));
        } else if (roll < 69 && !renewable.isEmpty()) {
            StoredCertificate chosen = renewable.get(random.nextInt(renewable.size()));
            renew(
                    n,
                    chosen.thumbprint(),
                    assignments.stream()
                            .filter(a -> a.thumbprint().equals(chosen.thumbprint()))
                            .map(Assignment::usage)
                            .toList());
        } else if (roll < 75 && !personal.isEmpty()) {
            assign(
                    n,
                    personal.get(random.nextInt(personal.size())).thumbprint(),
                    USAGES.get(random.nextInt(USAGES.size())));
        } else if (roll < 82 && !assignments.isEmpty()) {
            unassign(n, assignments.get(random.nextInt(assignments.size())).usage());
        } else if (roll < 95 && !removable.isEmpty()) {
            remove(n, removable.get(random.nextInt(removable.size())).thumbprint());
        } else if (!pending.isEmpty()) {
            clear(n, pending.get(random.nextInt(pending.size())).id());
        } else {
            online(n, usages(random));
        }
    }

    private static List<Usage> usages(Random random) {
        List<Usage> out = new ArrayList<>();
        for (Usage usage : USAGES) {
            if (random.nextBoolean()) {
                out.add(usage);
            }
        }
        return out.isEmpty() ? List.of(USAGES.get(random.nextInt(USAGES.size()))) : out;
    }

    private static String names(List<?> usages) {
        return usages.isEmpty() ? "-" : usages.stream().map(Object::toString).collect(Collectors.joining(","));
    }

    private void online(long n, List<Usage> usages) {
        journal.begin(n, "online " + names(usages));
        RequestOutcome outcome = certwiz.requests().online(RequestSpec.forUsages(usages, KeyType.EC_P256));
        journal.done(n, "online " + outcome.certificate().thumbprint() + " " + names(outcome.assignedUsages()));
    }

    private void offline(long n, List<Usage> usages) {
        journal.begin(n, "offline " + names(usages));
        OfflineRequest request = certwiz.requests().offline(RequestSpec.forUsages(usages, KeyType.EC_P256));
        journal.done(n, "offline " + request.requestId());
    }

    /** The outside CA's reply to a pending request, imported: it completes the request and assigns. */
    private void importReply(long n, PendingRequest request) {
        Path csr = work.resolve("reply-" + ProcessHandle.current().pid() + ".csr");
        Path reply = work.resolve("reply-" + ProcessHandle.current().pid() + ".pem");
        CertFactory.write(csr, request.csrPem().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        X509Certificate leaf = CertFactory.signRequest(csr, testCa);
        CertFactory.writePem(reply, leaf);
        journal.begin(n, "import-reply " + request.id() + " " + names(request.usages()));
        ImportOutcome outcome = certwiz.imports()
                .importBytes(
                        read(reply),
                        reply.getFileName().toString(),
                        new ImportService.Options(null, null, false, null, true));
        RequestOutcome completed = outcome.completedRequest();
        if (completed == null) {
            throw new IllegalStateException("the reply completed no request: " + outcome);
        }
        journal.done(
                n,
                "import-reply " + request.id() + " " + Thumbprint.of(leaf).hex() + " "
                        + names(completed.assignedUsages()));
    }

    private void importCa(long n, Path file) {
        journal.begin(n, "import-ca " + file.getFileName());
        ImportOutcome outcome = certwiz.imports()
                .importBytes(
                        read(file),
                        file.getFileName().toString(),
                        new ImportService.Options(io.certwiz.trust.TrustStore.root, null, false, null, false));
        ImportOutcome.Imported imported = outcome.imported().getFirst();
        journal.done(n, "import-ca " + imported.thumbprint() + " " + imported.store());
    }

    private void assign(long n, Thumbprint thumbprint, Usage usage) {
        journal.begin(n, "assign " + thumbprint.hex() + " " + usage);
        try {
            certwiz.assignments().assign(thumbprint, List.of(usage));
        } catch (CertwizException e) {
            if (e.failure() != Failure.REFUSED) {
                throw e;
            }
            // Its names or chain do not fit this usage: refused, nothing changed.
            journal.done(n, "refused");
            return;
        }
        journal.done(n, "assign " + thumbprint.hex() + " " + usage);
    }

    /**
     * A forced renewal from the embedded CA: a new key and certificate that takes over every usage of the
     * old one in one transaction (the old one stays held). Anything but a renewal changed nothing the
     * journal follows.
     */
    private void renew(long n, Thumbprint thumbprint, List<Usage> usages) {
        journal.begin(n, "renew " + thumbprint.hex() + " " + names(usages));
        RenewalOutcome outcome = certwiz.renewals().renew(thumbprint.hex(), new RenewalService.Options(true, false));
        if (outcome.result() != RenewalOutcome.Result.RENEWED) {
            journal.done(n, "refused");
            return;
        }
        journal.done(
                n, "renew " + thumbprint.hex() + " " + outcome.renewedThumbprint() + " " + names(outcome.usages()));
    }

    private void unassign(long n, Usage usage) {
        journal.begin(n, "unassign " + usage);
        certwiz.assignments().unassign(List.of(usage));
        journal.done(n, "unassign " + usage);
    }

    private void remove(long n, Thumbprint thumbprint) {
        journal.begin(n, "remove " + thumbprint.hex());
        certwiz.certificates().remove(thumbprint.hex());
        journal.done(n, "remove " + thumbprint.hex());
    }

    private void clear(long n, long id) {
        journal.begin(n, "clear " + id);
        certwiz.requests().clear(id);
        journal.done(n, "clear " + id);
    }

    private static CertFactory.Issued readCa(Path work) throws IOException {
        X509Certificate certificate =
                CertFactory.read(work.resolve("test-ca.pem")).getFirst();
        try (Reader reader = Files.newBufferedReader(work.resolve("test-ca.key"));
                PEMParser parser = new PEMParser(reader)) {
            PrivateKey key = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) parser.readObject());
            return new CertFactory.Issued(certificate, new KeyPair(certificate.getPublicKey(), key));
        }
    }

    private static byte[] read(Path file) {
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
