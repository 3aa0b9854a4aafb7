package io.certwiz.x509;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/** Reads the extensions that the details view and the chain report show, through BouncyCastle's ASN.1. */
public final class Extensions {
    private Extensions() {}

    private static ASN1Encodable value(X509Certificate certificate, String oid) {
        byte[] raw = certificate.getExtensionValue(oid);
        if (raw == null) {
            return null;
        }
        try {
            return JcaX509ExtensionUtils.parseExtensionValue(raw);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The subject key identifier as colon-separated hex, or null. */
    public static String subjectKeyId(X509Certificate certificate) {
        ASN1Encodable value = value(certificate, Extension.subjectKeyIdentifier.getId());
        if (value == null) {
            return null;
        }
        try {
            return hex(SubjectKeyIdentifier.getInstance(value).getKeyIdentifier());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The authority key identifier's key id as colon-separated hex, or null. */
    public static String authorityKeyId(X509Certificate certificate) {
        ASN1Encodable value = value(certificate, Extension.authorityKeyIdentifier.getId());
        if (value == null) {
            return null;
        }
        try {
            byte[] id = AuthorityKeyIdentifier.getInstance(value).getKeyIdentifierOctets();
            return id == null ? null : hex(id);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** "caIssuers: URL" and "ocsp: URL" entries. */
    public static List<String> authorityInfoAccess(X509Certificate certificate) {
        List<String> out = new ArrayList<>();
        ASN1Encodable value = value(certificate, Extension.authorityInfoAccess.getId());
        if (value == null) {
            return out;
        }
        try {
            for (AccessDescription description :
                    AuthorityInformationAccess.getInstance(value).getAccessDescriptions()) {
                String method = description.getAccessMethod().equals(AccessDescription.id_ad_ocsp)
                        ? "ocsp"
                        : description.getAccessMethod().equals(AccessDescription.id_ad_caIssuers)
                                ? "caIssuers"
                                : description.getAccessMethod().getId();
                out.add(method + ": " + nameText(description.getAccessLocation()));
            }
        } catch (RuntimeException e) {
            out.add("(unreadable)");
        }
        return out;
    }

    public static List<String> crlDistributionPoints(X509Certificate certificate) {
        List<String> out = new ArrayList<>();
        ASN1Encodable value = value(certificate, Extension.cRLDistributionPoints.getId());
        if (value == null) {
            return out;
        }
        try {
            for (DistributionPoint point : CRLDistPoint.getInstance(value).getDistributionPoints()) {
                DistributionPointName name = point.getDistributionPoint();
                if (name != null && name.getType() == DistributionPointName.FULL_NAME) {
                    for (GeneralName general :
                            GeneralNames.getInstance(name.getName()).getNames()) {
                        out.add(nameText(general));
                    }
                }
            }
        } catch (RuntimeException e) {
            out.add("(unreadable)");
        }
        return out;
    }

    public static List<String> policies(X509Certificate certificate) {
        List<String> out = new ArrayList<>();
        ASN1Encodable value = value(certificate, Extension.certificatePolicies.getId());
        if (value == null) {
            return out;
        }
        try {
            for (PolicyInformation policy :
                    CertificatePolicies.getInstance(value).getPolicyInformation()) {
                out.add(policy.getPolicyIdentifier().getId());
            }
        } catch (RuntimeException e) {
            out.add("(unreadable)");
        }
        return out;
    }

    private static String nameText(GeneralName name) {
        if (name.getTagNo() == GeneralName.uniformResourceIdentifier) {
            return ASN1IA5String.getInstance(name.getName()).getString();
        }
        return name.getName().toString();
    }

    static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(bytes);
    }
}
