package io.certwiz.x509;

import io.certwiz.CertwizException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** The extended key usages certwiz checks and issues. */
public enum ExtendedKeyUsage {
    SERVER_AUTH("serverAuth", "1.3.6.1.5.5.7.3.1"),
    CLIENT_AUTH("clientAuth", "1.3.6.1.5.5.7.3.2"),
    CODE_SIGNING("codeSigning", "1.3.6.1.5.5.7.3.3"),
    EMAIL_PROTECTION("emailProtection", "1.3.6.1.5.5.7.3.4"),
    TIME_STAMPING("timeStamping", "1.3.6.1.5.5.7.3.8"),
    OCSP_SIGNING("OCSPSigning", "1.3.6.1.5.5.7.3.9");

    public static final String ANY_OID = "2.5.29.37.0";

    private final String id;
    private final String oid;

    ExtendedKeyUsage(String id, String oid) {
        this.id = id;
        this.oid = oid;
    }

    public String id() {
        return id;
    }

    public String oid() {
        return oid;
    }

    /** An EKU to check a TLS certificate for: serverAuth or clientAuth. */
    public static ExtendedKeyUsage parse(String text) {
        for (ExtendedKeyUsage eku : List.of(SERVER_AUTH, CLIENT_AUTH)) {
            if (eku.id.equalsIgnoreCase(text.strip())) {
                return eku;
            }
        }
        throw CertwizException.badUsage("unknown EKU '" + text + "'; choose serverAuth or clientAuth");
    }

    /** The EKU OIDs of a certificate, or null when it has no EKU extension (which allows every use). */
    public static List<String> oidsOf(X509Certificate certificate) {
        try {
            List<String> oids = certificate.getExtendedKeyUsage();
            return oids == null ? null : new ArrayList<>(oids);
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    /** True when the certificate may be used for this purpose: EKU absent, listing it, or anyEKU. */
    public boolean permittedBy(X509Certificate certificate) {
        List<String> oids = oidsOf(certificate);
        return oids == null || oids.contains(oid) || oids.contains(ANY_OID);
    }

    /** A readable name for an EKU OID. */
    public static String nameOf(String oid) {
        for (ExtendedKeyUsage eku : values()) {
            if (eku.oid.equals(oid)) {
                return eku.id;
            }
        }
        return oid.equals(ANY_OID) ? "anyExtendedKeyUsage" : oid;
    }
}
