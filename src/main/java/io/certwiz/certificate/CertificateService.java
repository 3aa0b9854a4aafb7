package io.certwiz.certificate;

import io.certwiz.CertwizException;
import io.certwiz.acme.client.AcmeClientRecords;
import io.certwiz.store.Store;
import io.certwiz.store.Transaction;
import io.certwiz.trust.TrustStore;
import io.certwiz.usage.Assignment;
import io.certwiz.usage.Usage;
import io.certwiz.x509.CertificateDetails;
import io.certwiz.x509.Pem;
import io.certwiz.x509.Thumbprint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Looks at and removes stored certificates: show, list, remove. */
public final class CertificateService {
    private final Store store;
    private final AcmeClientRecords acmeRecords;
    private final Clock clock;
    private final String actor;

    public CertificateService(Store store, AcmeClientRecords acmeRecords, Clock clock, String actor) {
        this.store = store;
        this.acmeRecords = acmeRecords;
        this.clock = clock;
        this.actor = actor;
    }

    /** Finds a certificate by thumbprint (any case, spaces and colons ignored) or by the usage it serves. */
    public static StoredCertificate resolve(Transaction tx, String reference) {
        if (Thumbprint.looksLike(reference)) {
            Thumbprint thumbprint = Thumbprint.parse(reference);
            return tx.certificate(thumbprint)
                    .orElseThrow(() -> CertwizException.notFound("no certificate with thumbprint " + thumbprint));
        }
        Usage usage;
        try {
            usage = Usage.parse(reference);
        } catch (CertwizException e) {
            throw CertwizException.badUsage(
                    "'" + reference + "' is neither a thumbprint (40 hex digits) nor a usage (" + Usage.names() + ")");
        }
        Assignment assignment = tx.assignment(usage)
                .orElseThrow(() -> CertwizException.notFound("no certificate is assigned to " + usage.name()));
        return tx.certificate(assignment.thumbprint())
                .orElseThrow(
                        () -> CertwizException.notFound("the certificate assigned to " + usage.name() + " is gone"));
    }

    /** Everything "View Certificate Details" shows. */
    public CertificateView show(String reference, boolean withPem) {
        return store.read(tx -> {
            StoredCertificate stored = resolve(tx, reference);
            return new CertificateViews(tx, clock.instant())
                    .of(stored)
                    .withDetails(
                            CertificateDetails.of(stored.certificate()),
                            withPem ? Pem.encode(stored.certificate()) : null,
                            acmeRecords
                                    .issued(tx, stored.thumbprint())
                                    .map(CertificateView.Acme::of)
                                    .orElse(null));
        });
    }

    public List<CertificateView> list(TrustStore trustStore, Integer expiringWithinDays) {
        if (expiringWithinDays != null && expiringWithinDays < 0) {
            throw CertwizException.badUsage("--expiring-within takes a number of days, 0 or more");
        }
        Instant now = clock.instant();
        Instant horizon = expiringWithinDays == null ? null : now.plus(Duration.ofDays(expiringWithinDays));
        return store.read(tx -> {
            CertificateViews views = new CertificateViews(tx, now);
            return tx.certificates(trustStore).stream()
                    .filter(c -> horizon == null
                            || !c.certificate().getNotAfter().toInstant().isAfter(horizon))
                    .map(views::of)
                    .toList();
        });
    }

    /** Removes a certificate (and its key when nothing else uses it); refused while it is assigned. */
    public CertificateView remove(String reference) {
        return store.write(tx -> {
            StoredCertificate stored = resolveThumbprint(tx, reference);
            List<String> usages = tx.assignments().stream()
                    .filter(a -> a.thumbprint().equals(stored.thumbprint()))
                    .map(a -> a.usage().name())
                    .toList();
            if (!usages.isEmpty()) {
                throw CertwizException.refused("certificate " + stored.thumbprint() + " is assigned to "
                        + String.join(",", usages) + "; assign another certificate or unassign it first");
            }
            CertificateView view = new CertificateViews(tx, clock.instant()).of(stored);
            tx.deleteCertificate(stored.thumbprint());
            tx.audit(
                    clock.instant(),
                    actor,
                    "remove",
                    List.of(stored.thumbprint().hex()),
                    "store=" + stored.store());
            if (stored.keyId() != null
                    && tx.pendingRequests().stream().noneMatch(p -> p.keyId() == stored.keyId())
                    && tx.certificates(null).stream()
                            .noneMatch(c -> stored.keyId().equals(c.keyId()))) {
                tx.deleteKey(stored.keyId());
            }
            return view;
        });
    }

    private static StoredCertificate resolveThumbprint(Transaction tx, String reference) {
        Thumbprint thumbprint = Thumbprint.parse(reference);
        return tx.certificate(thumbprint)
                .orElseThrow(() -> CertwizException.notFound("no certificate with thumbprint " + thumbprint));
    }
}
