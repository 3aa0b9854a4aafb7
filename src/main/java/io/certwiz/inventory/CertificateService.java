package io.certwiz.inventory;

import io.certwiz.CertwizException;
import io.certwiz.Problem;
import io.certwiz.acme.client.AcmeClientRecords;
import io.certwiz.audit.AuditLog;
import io.certwiz.certificate.CertificateView;
import io.certwiz.certificate.CertificateViews;
import io.certwiz.certificate.HeldCertificates;
import io.certwiz.certificate.StoredCertificate;
import io.certwiz.crypto.KeyRecords;
import io.certwiz.request.PendingRequests;
import io.certwiz.store.Store;
import io.certwiz.store.Transaction;
import io.certwiz.trust.TrustStore;
import io.certwiz.x509.CertificateDetails;
import io.certwiz.x509.Pem;
import io.certwiz.x509.Thumbprint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Looks at and removes stored certificates: show, list, remove. */
public final class CertificateService {
    private final Store store;
    private final HeldCertificates held;
    private final PendingRequests pending;
    private final KeyRecords keys;
    private final AuditLog audit;
    private final AcmeClientRecords acmeRecords;
    private final Function<Transaction, Map<Thumbprint, String>> embeddedCa;
    private final Clock clock;
    private final String actor;

    public CertificateService(
            Store store,
            HeldCertificates held,
            PendingRequests pending,
            KeyRecords keys,
            AuditLog audit,
            AcmeClientRecords acmeRecords,
            Function<Transaction, Map<Thumbprint, String>> embeddedCa,
            Clock clock,
            String actor) {
        this.store = store;
        this.held = held;
        this.pending = pending;
        this.keys = keys;
        this.audit = audit;
        this.acmeRecords = acmeRecords;
        this.embeddedCa = embeddedCa;
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

    /** The code of each dependant named when removing a CA certificate is refused. */
    public static final String CA_NEEDED = "CA_NEEDED";

    /** What {@code remove} did: the certificate, and what its removal broke (only when forced). */
    public record Removed(CertificateView certificate, List<String> broken) {}

    /** Removes a certificate (and its key when nothing else uses it); refused while anything depends on it. */
    public CertificateView remove(String reference) {
        return remove(reference, false).certificate();
    }

    /**
     * Removes a certificate, refused while it is assigned. A CA certificate is refused too while the
     * embedded CA is it, or an assigned certificate's trusted chain needs it (it would be untrusted
     * after); {@code force} removes it anyway and says what broke.
     */
    public Removed remove(String reference, boolean force) {
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
            List<String> broken = new ArrayList<>();
            String role = embeddedCa.apply(tx).get(stored.thumbprint());
            if (role != null && stored.store() != TrustStore.personal) {
                broken.add("the embedded CA (this is its " + role + "): what it issues would not be trusted");
            }
            if (stored.store() == TrustStore.personal) {
                held.records().delete(tx, stored.thumbprint());
            } else {
                held.chainsBrokenBy(tx, now, () -> held.records().delete(tx, stored.thumbprint())).stream()
                        .map(b -> b + ": its chain would not be trusted")
                        .forEach(broken::add);
            }
            if (!broken.isEmpty() && !force) {
                throw CertwizException.refused(
                        "CA certificate " + stored.thumbprint() + " ("
                                + stored.certificate().getSubjectX500Principal().getName() + ") is needed by "
                                + broken.size() + (broken.size() == 1 ? " dependant" : " dependants")
                                + "; nothing was removed",
                        broken.stream().map(b -> new Problem(CA_NEEDED, b)).toList());
            }
            audit.append(
                    tx,
                    now,
                    actor,
                    "remove",
                    List.of(stored.thumbprint().hex()),
                    "store=" + stored.store()
                            + (broken.isEmpty() ? "" : " forced, broke: " + String.join("; ", broken)));
            if (stored.keyId() != null
                    && pending.all(tx).stream().noneMatch(p -> p.keyId() == stored.keyId())
                    && held.records().all(tx).stream()
                            .noneMatch(c -> stored.keyId().equals(c.keyId()))) {
                keys.delete(tx, stored.keyId());
            }
            return new Removed(view, List.copyOf(broken));
        });
    }
}
