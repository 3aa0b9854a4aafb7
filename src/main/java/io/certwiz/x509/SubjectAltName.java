package io.certwiz.x509;

import io.certwiz.CertwizException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** One subject alternative name: a DNS name or an IP address (other kinds are shown, not matched). */
public record SubjectAltName(Kind kind, String value) {
    public enum Kind {
        DNS("dns"),
        IP("ip"),
        EMAIL("email"),
        URI("uri"),
        OTHER("other");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    private static final Pattern DNS_NAME =
            Pattern.compile("(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+");

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

    public static SubjectAltName dns(String name) {
        String normalized = name.strip().toLowerCase(Locale.ROOT);
        if (normalized.endsWith(".")) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        if (normalized.length() > 253 || !DNS_NAME.matcher(normalized).matches()) {
            throw CertwizException.badUsage(
                    "not a valid DNS name: '" + name + "' (letters, digits and hyphens; a wildcard only as '*.')");
        }
        if (normalized.startsWith("*.") && normalized.indexOf('.', 2) < 0) {
            throw CertwizException.badUsage("not a valid DNS name: '" + name
                    + "' (a wildcard covers names inside a domain, as *.example.com, never a whole top-level domain)");
        }
        if (NUMERIC_LABEL
                .matcher(normalized.substring(normalized.lastIndexOf('.') + 1))
                .matches()) {
            throw CertwizException.badUsage("not a valid DNS name: '" + name
                    + "' (its last label is a number; an IP address is written ip:ADDRESS)");
        }
        return new SubjectAltName(Kind.DNS, normalized);
    }

    /**
     * A host name that identifies this server or a domain it serves ({@code init}'s names): a DNS name
     * of two labels or more (or {@code localhost}, for a trial on one machine), without a wildcard.
     */
    public static SubjectAltName hostName(String name) {
        SubjectAltName dns = dns(name);
        if (dns.value().startsWith("*")) {
            throw CertwizException.badUsage(
                    "'" + name + "' is a wildcard; give a host or domain name (the certificate requests add wildcards"
                            + " where they are needed)");
        }
        if (dns.value().indexOf('.') < 0 && !dns.value().equals("localhost")) {
            throw CertwizException.badUsage(
                    "'" + name + "' is a single label; give a fully qualified name such as server01.example.com");
        }
        return dns;
    }

    public static SubjectAltName ip(String address) {
        String text = address.strip();
        // Only literals: a dotted quad of 0-255, or an IPv6 literal (a colon keeps the JDK from DNS).
        if (!IPV4.matcher(text).matches() && !text.matches("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw CertwizException.badUsage("not an IP address: '" + address + "'");
        }
        try {
            return new SubjectAltName(Kind.IP, InetAddress.getByName(text).getHostAddress());
        } catch (UnknownHostException e) {
            throw CertwizException.badUsage("not an IP address: '" + address + "'");
        }
    }

    /** Parses the command-line form {@code dns:NAME} or {@code ip:ADDR}. */
    public static SubjectAltName parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw CertwizException.badUsage("a SAN is written dns:NAME or ip:ADDRESS, not '" + text + "'");
        }
        String kind = text.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = text.substring(colon + 1);
        return switch (kind) {
            case "dns" -> dns(value);
            case "ip" -> ip(value);
            default -> throw CertwizException.badUsage("a SAN is written dns:NAME or ip:ADDRESS, not '" + text + "'");
        };
    }

    public static List<SubjectAltName> of(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of();
        }
        List<SubjectAltName> out = new ArrayList<>();
        if (names == null) {
            return out;
        }
        for (List<?> entry : names) {
            int tag = (Integer) entry.get(0);
            Object value = entry.get(1);
            String text = value instanceof String s ? s : "(binary)";
            out.add(
                    switch (tag) {
                        case 2 -> new SubjectAltName(Kind.DNS, text.toLowerCase(Locale.ROOT));
                        case 7 -> new SubjectAltName(Kind.IP, normalizeIp(text));
                        case 1 -> new SubjectAltName(Kind.EMAIL, text);
                        case 6 -> new SubjectAltName(Kind.URI, text);
                        default -> new SubjectAltName(Kind.OTHER, text);
                    });
        }
        return out;
    }

    private static String normalizeIp(String text) {
        try {
            return InetAddress.getByName(text).getHostAddress();
        } catch (UnknownHostException e) {
            return text;
        }
    }

    /** True when this name covers the host name: exact, or a wildcard standing for one left-most label. */
    public boolean covers(String host) {
        if (kind != Kind.DNS) {
            return false;
        }
        String wanted = host.toLowerCase(Locale.ROOT);
        if (wanted.endsWith(".")) {
            wanted = wanted.substring(0, wanted.length() - 1);
        }
        if (value.startsWith("*.")) {
            int dot = wanted.indexOf('.');
            return dot > 0 && wanted.substring(dot + 1).equals(value.substring(2));
        }
        return value.equals(wanted);
    }

    @Override
    public String toString() {
        return kind.prefix() + ":" + value;
    }
}
