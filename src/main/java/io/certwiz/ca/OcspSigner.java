package io.certwiz.ca;

import io.certwiz.CertwizException;
import io.certwiz.crypto.KeyOwner;
import io.certwiz.crypto.KeyRecords;
import io.certwiz.crypto.KeyVault;
import io.certwiz.crypto.StoredKey;
import io.certwiz.store.Settings;
import io.certwiz.store.Store;
import io.certwiz.store.Transaction;
import io.certwiz.x509.CertificateReader;
import io.certwiz.x509.KeyType;
import io.certwiz.x509.Pem;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * The embedded CA's delegated OCSP responder (RFC 6960 4.2.2.2): a short-lived certificate the issuing
 * CA issues for id-kp-OCSPSigning with id-pkix-ocsp-nocheck (clients do not check its own revocation),
 * its key sealed in the store like every other key, so every server of a pool signs with the same one.
 * A new one replaces it when less than a third of its life is left.
 */
final class OcspSigner {
    static final String CERTIFICATE = "ca.embedded.ocsp-responder";
    static final String KEY = "ca.embedded.ocsp-responder-key";
    static final Duration LIFETIME = Duration.ofDays(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The responder's certificate and its opened key. */
    record Responder(X509Certificate certificate, PrivateKey key) {}

    private final Store store;
    private final Settings settings;
    private final KeyRecords keys;
    private final KeyVault vault;
    private final EmbeddedCa ca;
    private final Clock clock;
    private volatile Responder current;

    OcspSigner(Store store, Settings settings, KeyRecords keys, KeyVault vault, EmbeddedCa ca, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.keys = keys;
        this.vault = vault;
        this.ca = ca;
        this.clock = clock;
    }

    /** The responder to sign with now: the stored one, or a new one when it is missing or due. */
    Responder responder() {
        Instant now = clock.instant();
        Responder held = current;
        if (held != null && !due(held.certificate(), now)) {
            return held;
        }
        synchronized (this) {
            held = current;
            if (held != null && !due(held.certificate(), now)) {
                return held;
            }
            Responder stored = store.read(this::load);
            if (stored == null || due(stored.certificate(), now)) {
                stored = store.write(tx -> {
                    Responder again = load(tx);
                    return again != null && !due(again.certificate(), now) ? again : replace(tx, again, now);
                });
            }
            current = stored;
            return stored;
        }
    }

    private static boolean due(X509Certificate certificate, Instant now) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        return now.isAfter(notAfter.minus(LIFETIME.dividedBy(3)))
                || now.isBefore(certificate.getNotBefore().toInstant());
    }

    private Responder load(Transaction tx) {
        String pem = settings.get(tx, CERTIFICATE).orElse(null);
        String keyId = settings.get(tx, KEY).orElse(null);
        if (pem == null || keyId == null) {
            return null;
        }
        StoredKey key = keys.find(tx, Long.parseLong(keyId)).orElse(null);
        if (key == null) {
            return null;
        }
        X509Certificate certificate = CertificateReader.read(pem.getBytes(StandardCharsets.US_ASCII), null)
                .certificates()
                .getFirst();
        if (!certificate.getIssuerX500Principal().equals(ca.intermediate().getSubjectX500Principal())) {
            return null;
        }
        return new Responder(certificate, vault.open(key, KeyOwner.OCSP_RESPONDER));
    }

    private Responder replace(Transaction tx, Responder previous, Instant now) {
        KeyPair pair = KeyType.EC_P256.generate();
        X509Certificate certificate = issue(pair, now);
        long id = vault.add(
                tx,
                keys,
                KeyOwner.OCSP_RESPONDER,
                pair.getPrivate(),
                pair.getPublic().getEncoded(),
                false,
                now);
        String previousId = settings.get(tx, KEY).orElse(null);
        settings.put(tx, CERTIFICATE, Pem.encode(certificate));
        settings.put(tx, KEY, Long.toString(id));
        if (previousId != null && previous != null) {
            keys.delete(tx, Long.parseLong(previousId));
        }
        return new Responder(certificate, pair.getPrivate());
    }

    private X509Certificate issue(KeyPair pair, Instant now) {
        X509Certificate issuer = ca.intermediate();
        X500Name issuerName =
                X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
        for (RDN rdn : issuerName.getRDNs()) {
            if (!rdn.getFirst().getType().equals(BCStyle.CN)) {
                subject.addRDN(rdn.getFirst());
            }
        }
        subject.addRDN(BCStyle.CN, "certwiz OCSP Responder");
        Instant notAfter = now.plus(LIFETIME);
        if (notAfter.isAfter(issuer.getNotAfter().toInstant())) {
            notAfter = issuer.getNotAfter().toInstant();
        }
        byte[] serial = new byte[16];
        RANDOM.nextBytes(serial);
        serial[0] = (byte) ((serial[0] & 0x7F) | 0x40);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuerName,
                    new BigInteger(serial),
                    Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(notAfter),
                    subject.build(),
                    pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(
                    Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning));
            builder.addExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck, false, DERNull.INSTANCE);
            builder.addExtension(
                    Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(pair.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuer));
            X509CertificateHolder holder = builder.build(ca.issuingSigner());
            return CertificateReader.certificate(holder);
        } catch (GeneralSecurityException | IOException e) {
            throw CertwizException.error("the embedded CA cannot issue its OCSP responder: " + e.getMessage(), e);
        }
    }
}
