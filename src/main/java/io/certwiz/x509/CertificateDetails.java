package io.certwiz.x509;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Everything "View Certificate Details" shows about one certificate, read from the certificate alone. */
public record CertificateDetails(
        int version,
        String serialNumber,
        String signatureAlgorithm,
        String issuer,
        String subject,
        Instant notBefore,
        Instant notAfter,
        String publicKeyAlgorithm,
        int publicKeyBits,
        List<String> sans,
        List<String> keyUsage,
        List<String> extendedKeyUsage,
        BasicConstraintsView basicConstraints,
        String subjectKeyIdentifier,
        String authorityKeyIdentifier,
        List<String> authorityInfoAccess,
        List<String> crlDistributionPoints,
        List<String> policies,
        String thumbprint,
        String sha256) {

    public record BasicConstraintsView(boolean ca, Integer pathLength) {
        /** How "View Certificate Details" shows it, e.g. "CA=true, path length 0"; "(none)" when absent. */
        public static String describe(BasicConstraintsView constraints) {
            if (constraints == null) {
                return "(none)";
            }
            return "CA=" + constraints.ca()
                    + (constraints.pathLength() == null ? "" : ", path length " + constraints.pathLength());
        }
    }

    private static final String[] KEY_USAGE_NAMES = {
        "digitalSignature",
        "nonRepudiation",
        "keyEncipherment",
        "dataEncipherment",
        "keyAgreement",
        "keyCertSign",
        "cRLSign",
        "encipherOnly",
        "decipherOnly"
    };

    public static CertificateDetails of(X509Certificate certificate) {
        List<String> keyUsage = new ArrayList<>();
        boolean[] bits = certificate.getKeyUsage();
        if (bits != null) {
            for (int i = 0; i < bits.length && i < KEY_USAGE_NAMES.length; i++) {
                if (bits[i]) {
                    keyUsage.add(KEY_USAGE_NAMES[i]);
                }
            }
        }
        List<String> ekuOids = ExtendedKeyUsage.oidsOf(certificate);
        List<String> eku = ekuOids == null
                ? List.of()
                : ekuOids.stream().map(ExtendedKeyUsage::nameOf).toList();
        int constraint = certificate.getBasicConstraints();
        BasicConstraintsView basic = certificate.getExtensionValue("2.5.29.19") == null
                ? null
                : new BasicConstraintsView(
                        constraint >= 0, constraint >= 0 && constraint != Integer.MAX_VALUE ? constraint : null);
        return new CertificateDetails(
                certificate.getVersion(),
                serialHex(certificate),
                certificate.getSigAlgName(),
                certificate.getIssuerX500Principal().getName(),
                certificate.getSubjectX500Principal().getName(),
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(),
                certificate.getPublicKey().getAlgorithm(),
                KeyType.bitsOf(certificate.getPublicKey()),
                SubjectAltName.of(certificate).stream()
                        .map(SubjectAltName::toString)
                        .toList(),
                keyUsage,
                eku,
                basic,
                Extensions.subjectKeyId(certificate),
                Extensions.authorityKeyId(certificate),
                Extensions.authorityInfoAccess(certificate),
                Extensions.crlDistributionPoints(certificate),
                Extensions.policies(certificate),
                Thumbprint.of(certificate).hex(),
                Thumbprint.sha256(certificate));
    }

    /** The serial number as uppercase hex, as Windows and openssl show it. */
    public static String serialHex(X509Certificate certificate) {
        String hex = certificate.getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT);
        return hex.length() % 2 == 1 ? "0" + hex : hex;
    }

    public static boolean isSelfSigned(X509Certificate certificate) {
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    public static boolean isCa(X509Certificate certificate) {
        return certificate.getBasicConstraints() >= 0;
    }
}
