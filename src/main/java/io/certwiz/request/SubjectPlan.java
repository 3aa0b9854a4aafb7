package io.certwiz.request;

import io.certwiz.CertwizException;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.Usage;
import io.certwiz.x509.SubjectAltName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * The subject and SANs of a request, filled from the server identity for the chosen usages: Default
 * gets the pool FQDN (as subject CN), the server FQDN and sip.&lt;domain&gt; per SIP domain; each web
 * usage its web FQDN; then every extra SAN, duplicates removed.
 */
public record SubjectPlan(X500Name subject, List<SubjectAltName> sans) {
    /** The subject as {@code show} prints a certificate's (RFC 2253, the CN first). */
    public String subjectText() {
        try {
            return new javax.security.auth.x500.X500Principal(subject.getEncoded()).getName();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot encode a subject", e);
        }
    }

    public static SubjectPlan of(ServerIdentity identity, RequestSpec spec) {
        Set<SubjectAltName> sans = new LinkedHashSet<>();
        for (Usage usage : spec.usages()) {
            switch (usage) {
                case Default -> {
                    sans.add(SubjectAltName.dns(identity.poolFqdn()));
                    sans.add(SubjectAltName.dns(identity.fqdn()));
                    for (String domain : identity.sipDomains()) {
                        sans.add(SubjectAltName.dns("sip." + domain));
                    }
                }
                case WebServicesInternal -> sans.add(SubjectAltName.dns(identity.webInternalFqdn()));
                case WebServicesExternal -> sans.add(SubjectAltName.dns(identity.webExternalFqdn()));
                case OAuthTokenIssuer -> sans.add(SubjectAltName.dns(identity.fqdn()));
            }
        }
        sans.addAll(spec.extraSans());
        List<SubjectAltName> ordered = new ArrayList<>(sans);
        return new SubjectPlan(subject(identity, spec, ordered), ordered);
    }

    private static X500Name subject(ServerIdentity identity, RequestSpec spec, List<SubjectAltName> sans) {
        if (spec.subject() != null && !spec.subject().isBlank()) {
            try {
                // Written as show prints it (RFC 4514: the most specific RDN, the CN, first), which is the
                // reverse of the order the RDNs are encoded in.
                org.bouncycastle.asn1.x500.RDN[] written = new X500Name(BCStyle.INSTANCE, spec.subject()).getRDNs();
                if (written.length == 0) {
                    throw new IllegalArgumentException("empty");
                }
                org.bouncycastle.asn1.x500.RDN[] encoded = new org.bouncycastle.asn1.x500.RDN[written.length];
                for (int i = 0; i < written.length; i++) {
                    encoded[written.length - 1 - i] = written[i];
                }
                return new X500Name(BCStyle.INSTANCE, encoded);
            } catch (IllegalArgumentException e) {
                throw CertwizException.badUsage(
                        "not a distinguished name: '" + spec.subject() + "' (e.g. CN=host.example.com,O=Example)");
            }
        }
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
        if (spec.country() != null) {
            if (!spec.country().matches("[A-Za-z]{2}")) {
                throw CertwizException.badUsage(
                        "--country takes a two-letter ISO 3166 code, not '" + spec.country() + "'");
            }
            builder.addRDN(BCStyle.C, spec.country().toUpperCase(java.util.Locale.ROOT));
        }
        addIfSet(builder, BCStyle.ST, spec.state());
        addIfSet(builder, BCStyle.L, spec.city());
        addIfSet(builder, BCStyle.O, spec.organization());
        addIfSet(builder, BCStyle.OU, spec.orgUnit());
        String commonName = spec.usages().contains(Usage.Default)
                ? identity.poolFqdn()
                : sans.stream()
                        .filter(s -> s.kind() == SubjectAltName.Kind.DNS)
                        .map(SubjectAltName::value)
                        .findFirst()
                        .orElse(identity.fqdn());
        builder.addRDN(BCStyle.CN, commonName);
        return builder.build();
    }

    private static void addIfSet(
            X500NameBuilder builder, org.bouncycastle.asn1.ASN1ObjectIdentifier oid, String value) {
        if (value != null && !value.isBlank()) {
            builder.addRDN(oid, value.strip());
        }
    }
}
