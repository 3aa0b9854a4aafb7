package io.certwiz.revocation;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.ReasonFlags;

/**
 * The parts of RFC 5280 6.3.3 that decide whether a CRL covers a certificate: the certificate's
 * distribution points (a virtual one named by its issuer when it has none), the CRL's issuing distribution
 * point, their names (a name relative to the CRL issuer made whole), and the reasons each covers.
 */
final class CrlScope {
    /** Every reason (RFC 5280 all-reasons: the ReasonFlags bits but unused). */
    static final int ALL_REASONS = ReasonFlags.keyCompromise
            | ReasonFlags.cACompromise
            | ReasonFlags.affiliationChanged
            | ReasonFlags.superseded
            | ReasonFlags.cessationOfOperation
            | ReasonFlags.certificateHold
            | ReasonFlags.privilegeWithdrawn
            | ReasonFlags.aACompromise;

    /** One distribution point of a certificate: its names (null: none), reasons (all when absent) and CRL issuers. */
    record Point(List<GeneralName> names, int reasons, List<X500Principal> crlIssuers) {}

    private CrlScope() {}

    /** The certificate's distribution points, or the virtual one RFC 5280 6.3.3 assumes without any. */
    static List<Point> points(X509Certificate certificate) {
        X500Principal issuer = certificate.getIssuerX500Principal();
        byte[] value = certificate.getExtensionValue(Extension.cRLDistributionPoints.getId());
        List<Point> points = new ArrayList<>();
        if (value != null) {
            CRLDistPoint cdp =
                    CRLDistPoint.getInstance(ASN1OctetString.getInstance(value).getOctets());
            for (DistributionPoint point : cdp.getDistributionPoints()) {
                List<X500Principal> crlIssuers = directoryNames(point.getCRLIssuer());
                X500Principal relativeTo = crlIssuers.isEmpty() ? issuer : crlIssuers.getFirst();
                List<GeneralName> names = names(point.getDistributionPoint(), relativeTo);
                int reasons = point.getReasons() == null
                        ? ALL_REASONS
                        : point.getReasons().intValue() & ALL_REASONS;
                points.add(new Point(names, reasons, crlIssuers));
            }
        }
        if (points.isEmpty()) {
            points.add(new Point(
                    List.of(new GeneralName(X500Name.getInstance(issuer.getEncoded()))), ALL_REASONS, List.of()));
        }
        return points;
    }

    /** The URLs a certificate's distribution points (or its freshest CRL extension) name. */
    static List<String> urls(X509Certificate certificate, org.bouncycastle.asn1.ASN1ObjectIdentifier extension) {
        return urls(certificate.getExtensionValue(extension.getId()));
    }

    static List<String> urls(byte[] value) {
        List<String> urls = new ArrayList<>();
        if (value == null) {
            return urls;
        }
        try {
            CRLDistPoint cdp =
                    CRLDistPoint.getInstance(ASN1OctetString.getInstance(value).getOctets());
            for (DistributionPoint point : cdp.getDistributionPoints()) {
                DistributionPointName name = point.getDistributionPoint();
                if (name != null && name.getType() == DistributionPointName.FULL_NAME) {
                    for (GeneralName general :
                            GeneralNames.getInstance(name.getName()).getNames()) {
                        if (general.getTagNo() == GeneralName.uniformResourceIdentifier) {
                            urls.add(general.getName().toString());
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            // Unreadable: no URL to fetch from.
        }
        return urls;
    }

    static IssuingDistributionPoint idp(X509CRL crl) {
        byte[] value = crl.getExtensionValue(Extension.issuingDistributionPoint.getId());
        return value == null
                ? null
                : IssuingDistributionPoint.getInstance(
                        ASN1OctetString.getInstance(value).getOctets());
    }

    /**
     * Why the CRL (with issuing distribution point {@code idp}, or none) does not cover the certificate
     * through {@code point} (6.3.3 b), or null when it does.
     */
    static String outOfScope(X509CRL crl, IssuingDistributionPoint idp, X509Certificate certificate, Point point) {
        X500Principal crlIssuer = crl.getIssuerX500Principal();
        if (!point.crlIssuers().isEmpty()) {
            if (!point.crlIssuers().contains(crlIssuer)) {
                return "the CRL's issuer is not the CRL issuer the distribution point names";
            }
            if (idp == null || !idp.isIndirectCRL()) {
                return "the distribution point names a CRL issuer, but the CRL is not an indirect CRL";
            }
        } else if (!crlIssuer.equals(certificate.getIssuerX500Principal())) {
            return "the CRL's issuer is not the certificate's issuer";
        }
        if (idp == null) {
            return null;
        }
        if (idp.getDistributionPoint() != null) {
            List<GeneralName> idpNames = names(idp.getDistributionPoint(), crlIssuer);
            List<GeneralName> wanted = point.names();
            if (wanted.isEmpty()) {
                wanted = new ArrayList<>();
                for (X500Principal name : point.crlIssuers()) {
                    wanted.add(new GeneralName(X500Name.getInstance(name.getEncoded())));
                }
            }
            if (!intersects(idpNames, wanted)) {
                return "the CRL's issuing distribution point is not the certificate's distribution point";
            }
        }
        boolean ca = certificate.getBasicConstraints() >= 0;
        if (idp.onlyContainsUserCerts() && ca) {
            return "the CRL covers end-entity certificates only, and this is a CA certificate";
        }
        if (idp.onlyContainsCACerts() && !ca) {
            return "the CRL covers CA certificates only, and this is an end-entity certificate";
        }
        if (idp.onlyContainsAttributeCerts()) {
            return "the CRL covers attribute certificates only";
        }
        return null;
    }

    /** The reasons the CRL covers for this point (6.3.3 c). */
    static int reasons(IssuingDistributionPoint idp, Point point) {
        int idpReasons = idp == null || idp.getOnlySomeReasons() == null
                ? ALL_REASONS
                : idp.getOnlySomeReasons().intValue() & ALL_REASONS;
        return point.reasons() & idpReasons;
    }

    /** Whether two CRLs have the same scope: the same issuing distribution point, or neither has one. */
    static boolean sameScope(X509CRL a, X509CRL b) {
        IssuingDistributionPoint x = idp(a);
        IssuingDistributionPoint y = idp(b);
        return x == null ? y == null : y != null && x.toASN1Primitive().equals(y.toASN1Primitive());
    }

    private static List<GeneralName> names(DistributionPointName name, X500Principal relativeTo) {
        List<GeneralName> out = new ArrayList<>();
        if (name == null) {
            return out;
        }
        if (name.getType() == DistributionPointName.FULL_NAME) {
            for (GeneralName general : GeneralNames.getInstance(name.getName()).getNames()) {
                out.add(general);
            }
        } else {
            // nameRelativeToCRLIssuer: the CRL issuer's name with this RDN appended.
            X500Name base = X500Name.getInstance(relativeTo.getEncoded());
            RDN[] rdns = base.getRDNs();
            RDN[] whole = new RDN[rdns.length + 1];
            System.arraycopy(rdns, 0, whole, 0, rdns.length);
            whole[rdns.length] = RDN.getInstance(name.getName());
            out.add(new GeneralName(new X500Name(whole)));
        }
        return out;
    }

    private static List<X500Principal> directoryNames(GeneralNames names) {
        List<X500Principal> out = new ArrayList<>();
        if (names == null) {
            return out;
        }
        for (GeneralName name : names.getNames()) {
            if (name.getTagNo() == GeneralName.directoryName) {
                try {
                    out.add(new X500Principal(name.getName().toASN1Primitive().getEncoded()));
                } catch (java.io.IOException | IllegalArgumentException e) {
                    // Unreadable: names no issuer.
                }
            }
        }
        return out;
    }

    /** Whether the lists share a name; directory names compare as X.500 names (RFC 5280 7.1), others as encoded. */
    private static boolean intersects(List<GeneralName> a, List<GeneralName> b) {
        for (GeneralName x : a) {
            for (GeneralName y : b) {
                if (x.getTagNo() != y.getTagNo()) {
                    continue;
                }
                if (x.getTagNo() == GeneralName.directoryName) {
                    if (principal(x) != null && principal(x).equals(principal(y))) {
                        return true;
                    }
                } else {
                    ASN1Primitive px = x.getName().toASN1Primitive();
                    ASN1Primitive py = y.getName().toASN1Primitive();
                    if (px.equals(py)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static X500Principal principal(GeneralName name) {
        try {
            return new X500Principal(name.getName().toASN1Primitive().getEncoded());
        } catch (java.io.IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
