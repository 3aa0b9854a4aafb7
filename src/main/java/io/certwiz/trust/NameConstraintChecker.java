package io.certwiz.trust;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;

/**
 * RFC 5280 name constraints, checked certificate by certificate: each name of a certificate (its
 * subject, the e-mail addresses in it, every subjectAltName) must lie in every permitted subtree of its
 * type and in no excluded subtree of every CA above it on the path, the trust anchor included. This is
 * equivalent to the RFC's intersection of permitted subtrees, without building the intersection.
 *
 * <p>Wildcard dNSNames are judged by every name they can stand for: {@code *.example.com} is not
 * within a permitted {@code foo.example.com} and is excluded by an excluded {@code bar.example.com}.
 * Name forms certwiz cannot match (otherName, x400Address, ediPartyName, registeredID) are refused when
 * a constraint of that form meets a name of that form. The work is bounded.
 */
final class NameConstraintChecker {
    /** Name-against-subtree comparisons allowed per validation; beyond this paths are refused. */
    static final int BUDGET = 1 << 18;

    private int comparisons;

    /** Why {@code certificate}'s names break {@code constraints} of {@code ca}, or null when they do not. */
    String check(CertView certificate, CertView ca) {
        NameConstraints constraints = ca.nameConstraints;
        if (constraints == null) {
            return null;
        }
        GeneralSubtree[] permitted = orEmpty(constraints.getPermittedSubtrees());
        GeneralSubtree[] excluded = orEmpty(constraints.getExcludedSubtrees());
        for (GeneralName name : namesOf(certificate)) {
            comparisons += permitted.length + excluded.length;
            if (comparisons > BUDGET) {
                return "name constraints need more than " + BUDGET + " comparisons (refused as a denial of service)";
            }
            int tag = name.getTagNo();
            boolean anyPermittedOfType = false;
            boolean inPermitted = false;
            for (GeneralSubtree subtree : permitted) {
                GeneralName base = subtree.getBase();
                if (base.getTagNo() != tag) {
                    continue;
                }
                anyPermittedOfType = true;
                Boolean within = matches(name, base, true);
                if (within == null) {
                    return "cannot apply the " + kind(tag) + " name constraints of " + ca.name() + " to " + show(name);
                }
                inPermitted |= within;
            }
            if (anyPermittedOfType && !inPermitted) {
                return show(name) + " is outside the permitted names of " + ca.name();
            }
            for (GeneralSubtree subtree : excluded) {
                GeneralName base = subtree.getBase();
                if (base.getTagNo() != tag) {
                    continue;
                }
                Boolean meets = matches(name, base, false);
                if (meets == null) {
                    return "cannot apply the " + kind(tag) + " name constraints of " + ca.name() + " to " + show(name);
                }
                if (meets) {
                    return show(name) + " is excluded by the name constraints of " + ca.name();
                }
            }
        }
        return null;
    }

    /**
     * Whether the name lies in the subtree (permitted: every name it stands for; excluded: any of them),
     * or null when this name form cannot be compared.
     */
    private static Boolean matches(GeneralName name, GeneralName base, boolean permitted) {
        switch (name.getTagNo()) {
            case GeneralName.dNSName -> {
                String presented = text(name);
                String constraint = text(base);
                return permitted
                        ? Names.dnsWithinSubtree(presented, constraint)
                        : Names.dnsMeetsSubtree(presented, constraint);
            }
            case GeneralName.iPAddress -> {
                return Names.ipInSubtree(octets(name), octets(base));
            }
            case GeneralName.rfc822Name -> {
                return Names.emailInSubtree(text(name), text(base));
            }
            case GeneralName.directoryName -> {
                return dnInSubtree(X500Name.getInstance(name.getName()), X500Name.getInstance(base.getName()));
            }
            case GeneralName.uniformResourceIdentifier -> {
                String host = uriHost(text(name));
                return host == null ? null : Names.uriHostInSubtree(host, text(base));
            }
            default -> {
                return null;
            }
        }
    }

    static boolean dnInSubtree(X500Name name, X500Name subtree) {
        RDN[] names = name.getRDNs();
        RDN[] bases = subtree.getRDNs();
        if (bases.length > names.length) {
            return false;
        }
        for (int i = 0; i < bases.length; i++) {
            if (!IETFUtils.rDNAreEqual(bases[i], names[i])) {
                return false;
            }
        }
        return true;
    }

    /** The subject (unless empty), the e-mail addresses in the subject, and every subjectAltName. */
    static List<GeneralName> namesOf(CertView certificate) {
        List<GeneralName> names = new ArrayList<>();
        X500Name subject = certificate.subjectName;
        if (subject != null && subject.getRDNs().length > 0) {
            names.add(new GeneralName(subject));
            for (RDN rdn : subject.getRDNs()) {
                for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
                    if (value.getType().equals(PKCSObjectIdentifiers.pkcs_9_at_emailAddress)
                            && value.getValue() instanceof ASN1String email) {
                        names.add(new GeneralName(GeneralName.rfc822Name, email.getString()));
                    }
                }
            }
        }
        if (certificate.subjectAltNames != null) {
            names.addAll(List.of(certificate.subjectAltNames.getNames()));
        }
        return names;
    }

    /** Why a name constraints extension is malformed (RFC 5280 4.2.1.10), or null when it is sound. */
    static String malformed(NameConstraints constraints) {
        GeneralSubtree[] permitted = orEmpty(constraints.getPermittedSubtrees());
        GeneralSubtree[] excluded = orEmpty(constraints.getExcludedSubtrees());
        if (permitted.length == 0 && excluded.length == 0) {
            return "name constraints with neither permitted nor excluded subtrees";
        }
        for (GeneralSubtree[] subtrees : List.of(permitted, excluded)) {
            for (GeneralSubtree subtree : subtrees) {
                if (subtree.getMinimum().signum() != 0 || subtree.getMaximum() != null) {
                    return "a name constraint with a minimum or maximum";
                }
                GeneralName base = subtree.getBase();
                boolean valid = switch (base.getTagNo()) {
                    case GeneralName.dNSName -> Names.isDnsConstraint(text(base));
                    case GeneralName.iPAddress -> Names.isIpConstraint(octets(base));
                    case GeneralName.rfc822Name -> Names.isEmailConstraint(text(base));
                    case GeneralName.uniformResourceIdentifier -> Names.isUriConstraint(text(base));
                    default -> true;
                };
                if (!valid) {
                    return "a malformed " + kind(base.getTagNo()) + " name constraint " + show(base);
                }
            }
        }
        return null;
    }

    /** Why a subjectAltName is malformed, or null. */
    static String malformedName(GeneralName name) {
        boolean valid = switch (name.getTagNo()) {
            case GeneralName.dNSName -> Names.isPresentedDnsName(text(name));
            case GeneralName.iPAddress -> {
                int length = octets(name).length;
                yield length == 4 || length == 16;
            }
            case GeneralName.rfc822Name -> Names.isMailbox(text(name));
            case GeneralName.uniformResourceIdentifier -> uriHost(text(name)) != null;
            default -> true;
        };
        return valid ? null : "a malformed " + kind(name.getTagNo()) + " subject alternative name " + show(name);
    }

    private static String uriHost(String uri) {
        try {
            String host = new URI(uri).getHost();
            return host == null || host.isEmpty() ? null : host;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    static String text(GeneralName name) {
        return name.getName() instanceof ASN1String s ? s.getString() : String.valueOf(name.getName());
    }

    static byte[] octets(GeneralName name) {
        return ASN1OctetString.getInstance(name.getName()).getOctets();
    }

    static String kind(int tag) {
        return switch (tag) {
            case GeneralName.otherName -> "otherName";
            case GeneralName.rfc822Name -> "e-mail";
            case GeneralName.dNSName -> "DNS";
            case GeneralName.x400Address -> "x400Address";
            case GeneralName.directoryName -> "directory name";
            case GeneralName.ediPartyName -> "ediPartyName";
            case GeneralName.uniformResourceIdentifier -> "URI";
            case GeneralName.iPAddress -> "IP";
            case GeneralName.registeredID -> "registeredID";
            default -> "tag " + tag;
        };
    }

    static String show(GeneralName name) {
        return switch (name.getTagNo()) {
            case GeneralName.iPAddress -> {
                byte[] bytes = octets(name);
                StringBuilder out = new StringBuilder("IP ");
                if (bytes.length == 4 || bytes.length == 8) {
                    for (int i = 0; i < bytes.length; i++) {
                        out.append(i == 0 ? "" : i == 4 ? "/" : ".").append(bytes[i] & 0xff);
                    }
                } else {
                    out.append(org.bouncycastle.util.encoders.Hex.toHexString(bytes));
                }
                yield out.toString();
            }
            case GeneralName.dNSName, GeneralName.rfc822Name, GeneralName.uniformResourceIdentifier ->
                kind(name.getTagNo()) + " '" + text(name) + "'";
            case GeneralName.directoryName -> "the name '" + name.getName() + "'";
            default -> kind(name.getTagNo());
        };
    }

    private static GeneralSubtree[] orEmpty(GeneralSubtree[] subtrees) {
        return subtrees == null ? new GeneralSubtree[0] : subtrees;
    }
}
