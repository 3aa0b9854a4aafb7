package io.certwiz.inventory;

import io.certwiz.CertwizException;
import io.certwiz.audit.AuditLog;
import io.certwiz.ca.EmbeddedCa;
import io.certwiz.ca.IssuanceLedger;
import io.certwiz.ca.IssuedRecord;
import io.certwiz.ca.RevocationReason;
import io.certwiz.ca.StoredCrl;
import io.certwiz.certificate.CertificateRecords;
import io.certwiz.store.Store;
import io.certwiz.x509.Thumbprint;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code certwiz revoke}: the embedded CA revokes a certificate it issued, in one transaction with its
 * audit entry and the new CRL it signs; the OCSP responder answers "revoked" from then on.
 */
public final class RevocationService {
    private final Store store;
    private final Supplier<EmbeddedCa> ca;
    private final CertificateRecords certificates;
    private final AuditLog audit;
    private final Clock clock;
    private final String actor;

    public RevocationService(
            Store store,
            Supplier<EmbeddedCa> ca,
            CertificateRecords certificates,
            AuditLog audit,
            Clock clock,
            String actor) {
        this.store = store;
        this.ca = ca;
        this.certificates = certificates;
        this.audit = audit;
        this.clock = clock;
        this.actor = actor;
    }

    /** What a revocation did. */
    public record Revoked(
            String thumbprint, String serial, String reason, Instant revokedAt, long crlNumber, String crlUrl) {}

    /** The embedded CA's record of a certificate it issued (revoked or not); empty for any other. */
    public java.util.Optional<IssuedRecord> issued(Thumbprint thumbprint) {
        IssuanceLedger ledger = ca.get().ledger();
        return store.read(tx -> ledger.findByThumbprint(tx, thumbprint));
    }

    public Revoked revoke(Thumbprint thumbprint, RevocationReason reason) {
        if (!reason.revocable()) {
            throw CertwizException.badUsage(
                    "a certificate cannot be revoked for " + reason + "; choose one of " + RevocationReason.choices());
        }
        EmbeddedCa embedded = ca.get();
        IssuanceLedger ledger = embedded.ledger();
        return store.write(tx -> {
            Instant now = clock.instant();
            IssuedRecord issued = ledger.findByThumbprint(tx, thumbprint).orElse(null);
            if (issued == null) {
                if (certificates.find(tx, thumbprint).isPresent()) {
                    throw CertwizException.refused("certificate " + thumbprint
                            + " was not issued by the embedded CA: revoke it at the CA that issued it");
                }
                throw CertwizException.notFound("no certificate " + thumbprint + " was issued by the embedded CA");
            }
            if (issued.revokedAt() != null) {
                throw CertwizException.refused("certificate " + thumbprint + " was revoked already, at "
                        + issued.revokedAt() + " (" + RevocationReason.nameOf(issued.revocationReason()) + ")");
            }
            ledger.revoke(tx, issued.serial(), now, reason.code());
            StoredCrl crl = embedded.crls().publish(tx, now);
            String serial = issued.serial().toString(16);
            audit.append(
                    tx,
                    now,
                    actor,
                    "revoke",
                    List.of(thumbprint.hex()),
                    "serial=" + serial + " reason=" + reason + " crl=" + crl.number());
            return new Revoked(thumbprint.hex(), serial, reason.name(), now, crl.number(), embedded.crlUrl());
        });
    }
}
