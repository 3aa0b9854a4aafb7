package io.certwiz.certificate;

import io.certwiz.CertwizException;
import io.certwiz.crypto.KeyRecords;
import io.certwiz.store.Transaction;
import io.certwiz.trust.ChainReport;
import io.certwiz.trust.TrustSnapshot;
import io.certwiz.trust.TrustStore;
import io.certwiz.usage.Assignment;
import io.certwiz.usage.Assignments;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The certificates held in the stores as one transaction sees them: found by thumbprint or by the usage
 * they serve, the trust stores they make, and the views every face shows.
 */
public final class HeldCertificates {
    private final CertificateRecords certificates;
    private final Assignments assignments;
    private final KeyRecords keys;

    public HeldCertificates(CertificateRecords certificates, Assignments assignments, KeyRecords keys) {
        this.certificates = certificates;
        this.assignments = assignments;
        this.keys = keys;
    }

    public CertificateRecords records() {
        return certificates;
    }

    /** The certificate with this thumbprint; a one-line "not found" when there is none. */
    public StoredCertificate get(Transaction tx, Thumbprint thumbprint) {
        return certificates
                .find(tx, thumbprint)
                .orElseThrow(() -> CertwizException.notFound("no certificate with thumbprint " + thumbprint));
    }

    /**
     * Finds a certificate by thumbprint (SHA-1 or the SHA-256 that show prints beside it; any case, spaces
     * and colons ignored) or by the usage it serves at {@code now} (after a staged roll-over's effective
     * date, the new one).
     */
    public StoredCertificate resolve(Transaction tx, String reference, Instant now) {
        if (Thumbprint.looksLike(reference)) {
            return get(tx, Thumbprint.parse(reference));
        }
        String sha256 = Thumbprint.sha256OrNull(reference);
        if (sha256 != null) {
            return certificates.all(tx).stream()
                    .filter(c -> Thumbprint.sha256(c.certificate()).equals(sha256))
                    .findFirst()
                    .orElseThrow(() -> CertwizException.notFound("no certificate with SHA-256 thumbprint " + sha256));
        }
        Usage usage;
        try {
            usage = Usage.parse(reference);
        } catch (CertwizException e) {
            throw CertwizException.badUsage(
                    "'" + reference + "' is neither a thumbprint (40 hex digits, or 64 for SHA-256) nor a usage ("
                            + Usage.names() + ")");
        }
        Assignment assignment = assignments
                .find(tx, usage)
                .map(a -> a.at(now))
                .orElseThrow(() -> CertwizException.notFound("no certificate is assigned to " + usage.name()));
        return certificates
                .find(tx, assignment.thumbprint())
                .orElseThrow(
                        () -> CertwizException.notFound("the certificate assigned to " + usage.name() + " is gone"));
    }

    /** The usages that have {@code thumbprint} staged as their next certificate at {@code now}. */
    public List<Usage> stagedAs(Transaction tx, Thumbprint thumbprint, Instant now) {
        return assignments.all(tx).stream()
                .map(a -> a.at(now))
                .filter(a -> thumbprint.equals(a.next()))
                .map(Assignment::usage)
                .toList();
    }

    /** Every usage's assignment. */
    public List<Assignment> assignments(Transaction tx) {
        return assignments.all(tx);
    }

    /**
     * The assigned certificates whose chain is trusted now and not after {@code change} (made in this
     * transaction to the trust stores), each as "USAGES (certificate THUMBPRINT, SUBJECT)".
     */
    public List<String> chainsBrokenBy(Transaction tx, Instant now, Runnable change) {
        java.util.Map<Thumbprint, List<String>> assigned = new java.util.LinkedHashMap<>();
        assignments
                .all(tx)
                .forEach(a -> assigned.computeIfAbsent(a.thumbprint(), t -> new ArrayList<>())
                        .add(a.usage().name()));
        TrustSnapshot before = trust(tx);
        List<StoredCertificate> trusted = new ArrayList<>();
        for (Thumbprint thumbprint : assigned.keySet()) {
            certificates
                    .find(tx, thumbprint)
                    .filter(c -> before.analyzer().analyze(c.certificate(), now).trusted())
                    .ifPresent(trusted::add);
        }
        change.run();
        TrustSnapshot after = trust(tx);
        List<String> broken = new ArrayList<>();
        for (StoredCertificate dependant : trusted) {
            if (!after.analyzer().analyze(dependant.certificate(), now).trusted()) {
                broken.add(String.join(",", assigned.get(dependant.thumbprint())) + " (certificate "
                        + dependant.thumbprint() + ", "
                        + dependant.certificate().getSubjectX500Principal().getName() + ")");
            }
        }
        return broken;
    }

    /** The root and intermediate stores. */
    public TrustSnapshot trust(Transaction tx) {
        return new TrustSnapshot(
                certificates.inStore(tx, TrustStore.root).stream()
                        .map(StoredCertificate::certificate)
                        .toList(),
                certificates.inStore(tx, TrustStore.intermediate).stream()
                        .map(StoredCertificate::certificate)
                        .toList());
    }

    public CertificateViews views(Transaction tx, Instant now) {
        return views(tx, now, trust(tx));
    }

    /** With the {@code root} and {@code intermediate} stores the caller already read in this transaction. */
    public CertificateViews views(Transaction tx, Instant now, TrustSnapshot trust) {
        return new CertificateViews(
                tx, keys, assignments.all(tx).stream().map(a -> a.at(now)).toList(), trust, now);
    }

    /**
     * The held CA certificates a chain report names above its leaf, in its order: the intermediates, and
     * the root too when {@code withRoot}.
     */
    public List<X509Certificate> issuers(Transaction tx, ChainReport report, boolean withRoot) {
        List<X509Certificate> issuers = new ArrayList<>();
        for (ChainReport.ChainElement element :
                report.elements().subList(1, report.elements().size())) {
            if (element.thumbprint() != null && (withRoot || element.role().equals("intermediate"))) {
                certificates
                        .find(tx, new Thumbprint(element.thumbprint()))
                        .ifPresent(c -> issuers.add(c.certificate()));
            }
        }
        return issuers;
    }
}
