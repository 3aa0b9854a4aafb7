package io.certwiz.ca;

import io.certwiz.CertwizException;
import io.certwiz.store.Store;
import io.certwiz.store.Transaction;
import io.certwiz.x509.Thumbprint;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Supplier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;

/**
 * The embedded CA's CRL: signed once, stored, and served as stored by every server of a pool. A new one
 * is signed in the transaction of each revocation; one that went stale otherwise (a revocation by the
 * ACME server, or half of its week of validity gone) is signed again when it is next asked for. Its CRL
 * number only grows, and never falls below the Unix time in seconds (which earlier CRLs used).
 */
public final class CrlPublisher {
    static final Duration VALIDITY = Duration.ofDays(7);

    private final Store store;
    private final IssuanceLedger ledger;
    private final CaCrls crls;
    private final X509Certificate issuer;
    private final Thumbprint issuerThumbprint;
    private final Supplier<ContentSigner> signer;
    private final Clock clock;

    CrlPublisher(
            Store store,
            IssuanceLedger ledger,
            CaCrls crls,
            X509Certificate issuer,
            Supplier<ContentSigner> signer,
            Clock clock) {
        this.store = store;
        this.ledger = ledger;
        this.crls = crls;
        this.issuer = issuer;
        this.issuerThumbprint = Thumbprint.of(issuer);
        this.signer = signer;
        this.clock = clock;
    }

    /** The current CRL, signed anew first when it is stale. */
    public StoredCrl current() {
        Instant now = clock.instant();
        StoredCrl stored = store.read(
                tx -> fresh(tx, now) ? crls.find(tx, issuerThumbprint).orElse(null) : null);
        if (stored != null) {
            return stored;
        }
        return store.write(
                tx -> fresh(tx, now) ? crls.find(tx, issuerThumbprint).orElseThrow() : publish(tx, now));
    }

    /** The number of the current CRL, or -1 when none was signed yet: a cheap way to see revocations. */
    public long currentNumber(Transaction tx) {
        return crls.find(tx, issuerThumbprint).map(StoredCrl::number).orElse(-1L);
    }

    private boolean fresh(Transaction tx, Instant now) {
        StoredCrl stored = crls.find(tx, issuerThumbprint).orElse(null);
        return stored != null
                && now.isBefore(stored.thisUpdate().plus(VALIDITY.dividedBy(2)))
                && !now.isBefore(stored.thisUpdate())
                && stored.revokedCount() == ledger.revokedCount(tx, issuerThumbprint);
    }

    /** Signs a CRL of every revocation the ledger holds in {@code tx} and makes it the current one. */
    public StoredCrl publish(Transaction tx, Instant now) {
        StoredCrl previous = crls.find(tx, issuerThumbprint).orElse(null);
        List<IssuedRecord> revoked = ledger.revoked(tx, issuerThumbprint);
        long number = Math.max(previous == null ? 1 : previous.number() + 1, now.getEpochSecond());
        Instant thisUpdate = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant nextUpdate = thisUpdate.plus(VALIDITY);
        byte[] der = sign(revoked, number, thisUpdate, nextUpdate);
        StoredCrl crl = new StoredCrl(issuerThumbprint, number, thisUpdate, nextUpdate, revoked.size(), der);
        if (crls.replace(tx, crl, previous == null ? null : previous.number())) {
            return crl;
        }
        // Another server of the pool signed one first: serve that one.
        return crls.find(tx, issuerThumbprint).orElseThrow();
    }

    private byte[] sign(List<IssuedRecord> revoked, long number, Instant thisUpdate, Instant nextUpdate) {
        try {
            X509v2CRLBuilder builder = new X509v2CRLBuilder(
                    X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()), Date.from(thisUpdate));
            builder.setNextUpdate(Date.from(nextUpdate));
            for (IssuedRecord record : revoked) {
                // BouncyCastle leaves out the reason code unspecified (0), as RFC 5280 5.3.1 asks.
                Integer reason = record.revocationReason();
                builder.addCRLEntry(record.serial(), Date.from(record.revokedAt()), reason == null ? 0 : reason);
            }
            builder.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer));
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number)));
            return builder.build(signer.get()).getEncoded();
        } catch (GeneralSecurityException | IOException e) {
            throw CertwizException.error("the embedded CA cannot sign its CRL: " + e.getMessage(), e);
        }
    }
}
