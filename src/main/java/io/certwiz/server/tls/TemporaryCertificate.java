package io.certwiz.server.tls;

import io.certwiz.CertwizException;
import io.certwiz.crypto.Providers;
import io.certwiz.x509.CertificateReader;
import io.certwiz.x509.KeyType;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A self-signed stand-in that a listener presents until its usage has a certificate. Never stored. */
final class TemporaryCertificate {
    private TemporaryCertificate() {}

    /** A certificate for {@code hostName}, valid from a few minutes before {@code now} for 30 days. */
    static KeyMaterial make(String hostName, String usage, Instant now) {
        try {
            KeyPair keys = KeyType.EC_P256.generate();
            X500Name name = new X500Name("CN=" + hostName + ", OU=certwiz temporary certificate for " + usage);
            byte[] serial = new byte[16];
            new SecureRandom().nextBytes(serial);
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    name,
                    new BigInteger(1, serial),
                    Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(Duration.ofDays(30))),
                    name,
                    keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, hostName)));
            var holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                    .setProvider(Providers.bc())
                    .build(keys.getPrivate()));
            return new KeyMaterial(java.util.List.of(CertificateReader.certificate(holder)), keys.getPrivate(), true);
        } catch (Exception e) {
            throw CertwizException.error("cannot make a temporary certificate: " + e.getMessage(), e);
        }
    }
}
