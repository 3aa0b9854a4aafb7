package io.certwiz.renewal;

import io.certwiz.CertwizException;
import io.certwiz.acme.client.AcmeOptions;
import io.certwiz.ca.EmbeddedCa;
import io.certwiz.certificate.StoredCertificate;
import io.certwiz.request.RequestSpec;
import io.certwiz.request.SubjectPlan;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.Usage;
import io.certwiz.x509.ExtendedKeyUsage;
import io.certwiz.x509.KeyType;
import io.certwiz.x509.SubjectAltName;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * The request that renews a certificate: to the CA it came from, with the same key type, key store
 * (software or the same token) and exportability and a new key, for the names its usages need now (re-planned from the server identity,
 * keeping the organization fields of its subject). A certificate serving no usage keeps its own subject
 * and names. The embedded CA issues it for the same lifetime; an ACME order replaces it (ARI).
 */
record RenewalRequest(RequestSpec spec, SubjectPlan plan, List<String> namesAdded, List<String> namesDropped) {

    static RenewalRequest of(
            ServerIdentity identity,
            StoredCertificate stored,
            List<Usage> usages,
            boolean exportable,
            String keyStore,
            Origin origin) {
        X509Certificate certificate = stored.certificate();
        KeyType keyType = KeyType.of(certificate.getPublicKey())
                .orElseThrow(() -> CertwizException.refused("certificate " + stored.thumbprint() + " has a "
                        + KeyType.describe(certificate.getPublicKey()) + " key, which certwiz cannot make"));
        X500Name subject =
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        List<Usage> profile = usages.isEmpty() ? usagesFromEkus(certificate) : usages;
        RequestSpec.Builder builder = RequestSpec.builder(profile)
                .ca(origin.online() ? origin.ca() : EmbeddedCa.NAME)
                .keyType(keyType)
                .friendlyName(stored.friendlyName())
                .exportable(exportable)
                .keyStore(keyStore)
                .organization(rdn(subject, BCStyle.O))
                .orgUnit(rdn(subject, BCStyle.OU))
                .city(rdn(subject, BCStyle.L))
                .state(rdn(subject, BCStyle.ST))
                .country(rdn(subject, BCStyle.C))
                .assign(false);
        if (origin instanceof Origin.Embedded) {
            builder.validity(validity(certificate));
        }
        if (origin instanceof Origin.Acme acme && acme.ariId() != null) {
            builder.acme(AcmeOptions.defaults().replacing(acme.ariId()));
        }
        RequestSpec spec = builder.build();
        List<SubjectAltName> old = SubjectAltName.of(certificate);
        SubjectPlan plan = usages.isEmpty() ? new SubjectPlan(subject, old) : SubjectPlan.of(identity, spec);
        List<String> added = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (SubjectAltName name : plan.sans()) {
            if (!old.contains(name)) {
                added.add(name.toString());
            }
        }
        for (SubjectAltName name : old) {
            if (!plan.sans().contains(name)) {
                dropped.add(name.toString());
            }
        }
        return new RenewalRequest(spec, plan, added, dropped);
    }

    /** The usages a certificate that serves none was made for, as its EKUs tell (for the CA's profile). */
    private static List<Usage> usagesFromEkus(X509Certificate certificate) {
        if (ExtendedKeyUsage.CLIENT_AUTH.permittedBy(certificate)
                && ExtendedKeyUsage.SERVER_AUTH.permittedBy(certificate)) {
            return List.of(Usage.Default);
        }
        return List.of(Usage.WebServicesInternal);
    }

    /** The lifetime it was issued for: its validity less the embedded CA's backdating, within the CA's bounds. */
    static Duration validity(X509Certificate certificate) {
        Duration span = Duration.between(
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant());
        // notBefore is set back by min(5 min, a quarter of the validity): span = v + min(5m, v/4)
        Duration validity = span.compareTo(Duration.ofMinutes(25)) >= 0
                ? span.minusMinutes(5)
                : span.multipliedBy(4).dividedBy(5);
        validity = Duration.ofSeconds(Math.round(validity.toMillis() / 1000.0));
        if (validity.compareTo(EmbeddedCa.MIN_VALIDITY) < 0) {
            return EmbeddedCa.MIN_VALIDITY;
        }
        return validity.compareTo(EmbeddedCa.MAX_VALIDITY) > 0 ? EmbeddedCa.MAX_VALIDITY : validity;
    }

    private static String rdn(X500Name name, ASN1ObjectIdentifier type) {
        RDN[] rdns = name.getRDNs(type);
        return rdns.length == 0
                ? null
                : IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }
}
