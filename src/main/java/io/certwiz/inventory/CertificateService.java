package io.certwiz.inventory;

import io.certwiz.CertwizException;
import io.certwiz.acme.client.AcmeClientRecords;
import io.certwiz.audit.AuditLog;
import io.certwiz.certificate.CertificateView;
import io.certwiz.certificate.CertificateViews;
import io.certwiz.certificate.HeldCertificates;
import io.certwiz.certificate.StoredCertificate;
import io.certwiz.crypto.KeyRecords;
import io.certwiz.request.PendingRequests;
import io.certwiz.store.Store;
import io.certwiz.trust.TrustStore;
import io.certwiz.x509.CertificateDetails;
import io.certwiz.x509.Pem;
import io.certwiz.x509.Thumbprint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Looks at and removes stored certificates: show, list, remove. */
public final class CertificateService {
    private final Store store;
    private final HeldCertificates held;
    private final PendingRequests pending;
    private final KeyRecords keys;
    private final AuditLog audit;
    private final AcmeClientRecords acmeRecords;
    private final Clock clock;
    private final String actor;

    public CertificateService(
            Store store,
            HeldCertificates held,
            PendingRequests pending,
            KeyRecords keys,
            AuditLog audit,
            AcmeClientRecords acmeRecords,
            Clock clock,
            String actor) {
        this.store = store;
        this.held = held;
        this.pending = pending;
        this.keys = keys;
        this.audit = audit;
        this.acmeRecords = acmeRecords;
        this.clock = clock;
        this.actor = actor;
    }

    /** Everything "View Certificate Details" shows. */
    public CertificateView show(String reference, boolean withPem) {
        return store.read(tx -> {
            StoredCertificate stored = held.resolve(tx, reference, clock.instant());
            return held.views(tx, clock.instant())
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

    /** The certificates of one store, or of all stores when {@code trustStore} is null. */
    public List<CertificateView> list(TrustStore trustStore, Integer expiringWithinDays) {
        if (expiringWithinDays != null && expiringWithinDays < 0) {
            throw CertwizException.badUsage("--expiring-within takes a number of days, 0 or more");
        }
        Instant now = clock.instant();
        Instant horizon = expiringWithinDays == null ? null : now.plus(Duration.ofDays(expiringWithinDays));
        return store.read(tx -> {
            CertificateViews views = held.views(tx, now);
            List<StoredCertificate> stored =
                    trustStore == null ? held.records().all(tx) : held.records().inStore(tx, trustStore);
            return stored.stream()
                    .filter(c -> horizon == null
                            || !c.certificate().getNotAfter().toInstant().isAfter(horizon))
                    .map(views::of)
                    .toList();
        });
    }

    /** How many certificates each store holds. */
    public Map<TrustStore, Integer> countByStore() {
        return store.read(tx -> {
            Map<TrustStore, Integer> counts = new EnumMap<>(TrustStore.class);
            for (TrustStore trustStore : TrustStore.values()) {
                counts.put(trustStore, held.records().inStore(tx, trustStore).size());
            }
            return counts;
        });
    }

    /** Removes a certificate (and its key when nothing else uses it); refused while it is assigned. */
    public CertificateView remove(String reference) {
        return store.write(tx -> {
            StoredCertificate stored = held.get(tx, Thumbprint.parse(reference));
            Instant now = clock.instant();
            CertificateView view = held.views(tx, now).of(stored);
            if (!view.assignedUsages().isEmpty()) {
                throw CertwizException.refused("certificate " + stored.thumbprint() + " is assigned to "
                        + String.join(",", view.assignedUsages())
                        + "; assign another certificate or unassign it first");
            }
            for (io.certwiz.usage.Usage usage : held.stagedAs(tx, stored.thumbprint(), now)) {
                throw CertwizException.refused("certificate " + stored.thumbprint() + " is staged as the next "
                        + usage.name() + " certificate; cancel it first with certwiz unassign --usage "
                        + usage.name() + " --next");
            }
            held.records().delete(tx, stored.thumbprint());
            audit.append(tx, now, actor, "remove", List.of(stored.thumbprint().hex()), "store=" + stored.store());
            if (stored.keyId() != null
                    && pending.all(tx).stream().noneMatch(p -> p.keyId() == stored.keyId())
                    && held.records().all(tx).stream()
                            .noneMatch(c -> stored.keyId().equals(c.keyId()))) {
                keys.delete(tx, stored.keyId());
            }
            return view;
        });
    }
}
