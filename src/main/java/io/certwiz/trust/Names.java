package io.certwiz.trust;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The syntax and matching rules for the names a TLS peer is checked against: DNS names (RFC 1034 LDH
 * labels, RFC 6125 wildcards), IP addresses (dotted decimal and RFC 4291 text, matched byte for byte)
 * and RFC 822 mailboxes, both as presented identifiers and as name-constraint subtrees (RFC 5280
 * 4.2.1.10).
 */
final class Names {
    private Names() {}

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");
    private static final Pattern ATEXT = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+");

    /** A DNS name of LDH labels (lower-cased by the caller), without a trailing dot. */
    static boolean isDnsName(String name) {
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /**
     * A dNSName as a certificate presents it: LDH labels, optionally a left-most label that is exactly
     * {@code *} followed by at least two labels.
     */
    static boolean isPresentedDnsName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("*.")) {
            String rest = lower.substring(2);
            return isDnsName(rest) && rest.indexOf('.') > 0;
        }
        return isDnsName(lower);
    }

    /** The reference name a client connects to, normalized (lower case, no trailing dot), or null. */
    static String referenceDnsName(String name) {
        if (name == null) {
            return null;
        }
        String lower = name.strip().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".")) {
            lower = lower.substring(0, lower.length() - 1);
        }
        return isDnsName(lower) && !IPV4.matcher(lower).matches() ? lower : null;
    }

    /**
     * Whether a presented dNSName (possibly a wildcard) matches a normalized reference name. A wildcard
     * stands for one whole left-most label, never an A-label, and never directly under a public suffix.
     */
    static boolean dnsMatches(String presented, String reference) {
        String pattern = presented.toLowerCase(Locale.ROOT);
        if (!isPresentedDnsName(pattern)) {
            return false;
        }
        if (pattern.startsWith("*.")) {
            int dot = reference.indexOf('.');
            // One whole left-most label; never an A-label (RFC 6125 6.4.3).
            String base = pattern.substring(2);
            return dot > 0
                    && !reference.startsWith("xn--")
                    && reference.substring(dot + 1).equals(base)
                    && !PublicSuffixes.isPublicSuffix(base);
        }
        return pattern.equals(reference);
    }

    /** The bytes of an IP address literal (dotted decimal IPv4 or RFC 4291 IPv6), or null. */
    static byte[] ipAddress(String text) {
        if (text == null) {
            return null;
        }
        String value = text.strip();
        if (IPV4.matcher(value).matches()) {
            byte[] bytes = new byte[4];
            String[] parts = value.split("\\.");
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(parts[i]);
                if (octet > 255) {
                    return null;
                }
                bytes[i] = (byte) octet;
            }
            return bytes;
        }
        if (value.indexOf(':') >= 0 && IPV6.matcher(value).matches()) {
            try {
                // Only literals reach InetAddress (a colon and hex digits), so this never resolves a name.
                byte[] bytes = InetAddress.getByName(value).getAddress();
                if (bytes.length == 4) {
                    // An IPv4-mapped IPv6 literal: keep the 16-byte form.
                    byte[] mapped = new byte[16];
                    mapped[10] = (byte) 0xff;
                    mapped[11] = (byte) 0xff;
                    System.arraycopy(bytes, 0, mapped, 12, 4);
                    return mapped;
                }
                return bytes;
            } catch (UnknownHostException | RuntimeException e) {
                return null;
            }
        }
        return null;
    }

    /** An RFC 822 mailbox {@code local@domain} with a dot-atom local part and an LDH domain. */
    static boolean isMailbox(String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || address.indexOf('@') != at) {
            return false;
        }
        return isDotAtom(address.substring(0, at))
                && isDnsName(address.substring(at + 1).toLowerCase(Locale.ROOT));
    }

    private static boolean isDotAtom(String local) {
        if (local.isEmpty() || local.length() > 64) {
            return false;
        }
        for (String atom : local.split("\\.", -1)) {
            if (!ATEXT.matcher(atom).matches()) {
                return false;
            }
        }
        return true;
    }

    private static final Pattern INET_ATON_PART = Pattern.compile("0[xX][0-9a-fA-F]*|[0-9]+");

    /**
     * When the text is an IP address written other than in its standard form (dotted decimal without
     * leading zeros; RFC 5952 for IPv6) — hexadecimal or octal parts, leading zeros, upper case, no or
     * misplaced {@code ::} — the address in standard form; else null.
     */
    static String nonStandardIpText(String text) {
        if (text.indexOf(':') >= 0) {
            byte[] bytes = IPV6.matcher(text).matches() ? ipAddress(text) : null;
            if (bytes == null || bytes.length != 16) {
                return null;
            }
            String standard = rfc5952(bytes);
            return standard.equals(text) ? null : standard;
        }
        if (text.indexOf('.') < 0 && !text.toLowerCase(Locale.ROOT).startsWith("0x")) {
            return null; // a bare number is not taken for an address
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length > 4) {
            return null;
        }
        long value = 0;
        for (int i = 0; i < parts.length; i++) {
            if (!INET_ATON_PART.matcher(parts[i]).matches()) {
                return null;
            }
            long part;
            try {
                String p = parts[i];
                part = p.length() > 1 && (p.startsWith("0x") || p.startsWith("0X"))
                        ? Long.parseLong(p.substring(2).isEmpty() ? "0" : p.substring(2), 16)
                        : p.length() > 1 && p.startsWith("0") ? Long.parseLong(p, 8) : Long.parseLong(p);
            } catch (NumberFormatException e) {
                return null;
            }
            int bits = i == parts.length - 1 ? 8 * (4 - i) : 8;
            if (part >= 1L << bits) {
                return null;
            }
            value = i == parts.length - 1 ? value << bits | part : value << 8 | part;
        }
        String standard =
                (value >> 24 & 255) + "." + (value >> 16 & 255) + "." + (value >> 8 & 255) + "." + (value & 255);
        return standard.equals(text) ? null : standard;
    }

    /** The RFC 5952 text of a 16-byte IPv6 address. */
    static String rfc5952(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    /** A domain-like name (a dot, no spaces) with non-ASCII characters or an A-label ({@code xn--}). */
    static boolean isInternationalized(String name) {
        if (name.indexOf('.') < 0 || name.indexOf(' ') >= 0) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) > 0x7f) {
                return true;
            }
        }
        for (String label : name.split("\\.")) {
            if (label.toLowerCase(Locale.ROOT).startsWith("xn--")) {
                return true;
            }
        }
        return false;
    }

    /** Whether two DNS names are the same name (ignoring case, comparing internationalized names as A-labels). */
    static boolean sameDnsName(String a, String b) {
        return ascii(a).equalsIgnoreCase(ascii(b));
    }

    private static String ascii(String name) {
        try {
            return java.net.IDN.toASCII(name, java.net.IDN.ALLOW_UNASSIGNED);
        } catch (RuntimeException e) {
            return name;
        }
    }

    // ---- name constraints -------------------------------------------------------------------------

    /** A dNSName subtree: empty (every name) or an LDH name; no wildcard, no leading period. */
    static boolean isDnsConstraint(String constraint) {
        return constraint.isEmpty() || isDnsName(constraint.toLowerCase(Locale.ROOT));
    }

    /** Whether a (non-wildcard) DNS name lies in the subtree: the name itself or one below it. */
    static boolean inDnsSubtree(String name, String constraint) {
        String n = name.toLowerCase(Locale.ROOT);
        String c = constraint.toLowerCase(Locale.ROOT);
        return c.isEmpty() || n.equals(c) || n.endsWith("." + c);
    }

    /**
     * Whether every name a presented dNSName can stand for lies in the subtree (for permitted
     * subtrees): for {@code *.B}, B must lie in the subtree.
     */
    static boolean dnsWithinSubtree(String presented, String constraint) {
        String p = presented.toLowerCase(Locale.ROOT);
        return inDnsSubtree(p.startsWith("*.") ? p.substring(2) : p, constraint);
    }

    /**
     * Whether some name a presented dNSName can stand for lies in the subtree (for excluded subtrees):
     * {@code *.B} meets the subtree C when B lies in C, or when C is one label below B (the wildcard
     * can stand for C itself).
     */
    static boolean dnsMeetsSubtree(String presented, String constraint) {
        String p = presented.toLowerCase(Locale.ROOT);
        if (!p.startsWith("*.")) {
            return inDnsSubtree(p, constraint);
        }
        String base = p.substring(2);
        String c = constraint.toLowerCase(Locale.ROOT);
        if (inDnsSubtree(base, c)) {
            return true;
        }
        int dot = c.indexOf('.');
        return dot > 0 && c.substring(dot + 1).equals(base);
    }

    /** An iPAddress subtree: address and mask, 4+4 or 16+16 bytes, the mask a run of ones then zeros. */
    static boolean isIpConstraint(byte[] value) {
        if (value.length != 8 && value.length != 32) {
            return false;
        }
        int half = value.length / 2;
        boolean zeros = false;
        for (int i = half; i < value.length; i++) {
            for (int bit = 7; bit >= 0; bit--) {
                boolean one = (value[i] >> bit & 1) == 1;
                if (one && zeros) {
                    return false;
                }
                if (!one) {
                    zeros = true;
                }
            }
        }
        return true;
    }

    static boolean ipInSubtree(byte[] address, byte[] constraint) {
        if (constraint.length != address.length * 2) {
            return false;
        }
        for (int i = 0; i < address.length; i++) {
            byte mask = constraint[address.length + i];
            if ((address[i] & mask) != (constraint[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** An rfc822Name subtree: a mailbox, a host, or {@code .domain} for any host below it. */
    static boolean isEmailConstraint(String constraint) {
        if (constraint.indexOf('@') >= 0) {
            return isMailbox(constraint);
        }
        String host = constraint.startsWith(".") ? constraint.substring(1) : constraint;
        return isDnsName(host.toLowerCase(Locale.ROOT));
    }

    static boolean emailInSubtree(String mailbox, String constraint) {
        int at = mailbox.lastIndexOf('@');
        String domain = mailbox.substring(at + 1).toLowerCase(Locale.ROOT);
        if (constraint.indexOf('@') >= 0) {
            int cAt = constraint.lastIndexOf('@');
            return mailbox.substring(0, at).equals(constraint.substring(0, cAt))
                    && domain.equals(constraint.substring(cAt + 1).toLowerCase(Locale.ROOT));
        }
        String c = constraint.toLowerCase(Locale.ROOT);
        if (c.startsWith(".")) {
            return domain.endsWith(c);
        }
        return domain.equals(c);
    }

    /** A URI subtree: a host, or {@code .domain} for any host below it. */
    static boolean isUriConstraint(String constraint) {
        String host = constraint.startsWith(".") ? constraint.substring(1) : constraint;
        return isDnsName(host.toLowerCase(Locale.ROOT));
    }

    static boolean uriHostInSubtree(String host, String constraint) {
        String h = host.toLowerCase(Locale.ROOT);
        String c = constraint.toLowerCase(Locale.ROOT);
        return c.startsWith(".") ? h.endsWith(c) : h.equals(c);
    }
}
