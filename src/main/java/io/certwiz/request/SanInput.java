package io.certwiz.request;

import io.certwiz.x509.SubjectAltName;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Additional SANs as every face takes them (the CLI's {@code --san}, the API's {@code sans}, the
 * wizard's text box): names separated by commas or white space, each {@code dns:NAME},
 * {@code ip:ADDRESS}, or a bare IP address or DNS name. A bad one is a usage error naming it.
 */
public final class SanInput {
    private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+");
    /** What only an IP address is written with: digits and dots, or hex digits around a colon. */
    private static final Pattern ADDRESS_LIKE = Pattern.compile("[0-9.]+|[0-9a-fA-F.]*:[0-9a-fA-F:.]*");

    private SanInput() {}

    /** The SANs in each of {@code inputs}, in order (null and blank inputs hold none). */
    public static List<SubjectAltName> parse(List<String> inputs) {
        List<SubjectAltName> out = new ArrayList<>();
        for (String input : inputs == null ? List.<String>of() : inputs) {
            if (input == null) {
                continue;
            }
            for (String part : SEPARATORS.split(input)) {
                if (!part.isEmpty()) {
                    out.add(one(part));
                }
            }
        }
        return out;
    }

    private static SubjectAltName one(String part) {
        boolean prefixed = part.regionMatches(true, 0, "dns:", 0, 4) || part.regionMatches(true, 0, "ip:", 0, 3);
        if (!prefixed && ADDRESS_LIKE.matcher(part).matches()) {
            return SubjectAltName.ip(part);
        }
        if (prefixed || part.contains(":")) {
            // Also an unknown kind, such as email:, which parse refuses with the forms it takes.
            return SubjectAltName.parse(part);
        }
        return SubjectAltName.dns(part);
    }
}
