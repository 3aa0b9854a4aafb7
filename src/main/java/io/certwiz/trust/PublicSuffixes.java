package io.certwiz.trust;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The public suffix list (publicsuffix.org), to refuse wildcards such as {@code *.co.uk} that would
 * stand for every registrable domain under a public suffix. It is read from the copy the JDK ships and
 * keeps current ({@code $JAVA_HOME/lib/security/public_suffix_list.dat}: a zip with one entry per
 * top-level domain, one rule per line after a one-byte ICANN/private marker). When that file is missing
 * or unreadable only single-label suffixes ({@code *.com}) are refused, as {@link Names} always does.
 */
final class PublicSuffixes {
    private static final Path FILE =
            Path.of(System.getProperty("java.home"), "lib", "security", "public_suffix_list.dat");

    /** Rules per top-level domain; an empty set when the TLD has no entry or the list is unavailable. */
    private static final Map<String, Set<String>> RULES = new ConcurrentHashMap<>();

    private static volatile ZipFile zip;
    private static volatile boolean unavailable;

    private PublicSuffixes() {}

    /** Whether the (lower-case, LDH) name is itself a public suffix. */
    static boolean isPublicSuffix(String name) {
        String domain = name.toLowerCase(Locale.ROOT);
        int lastDot = domain.lastIndexOf('.');
        if (lastDot < 0) {
            return true; // every top-level domain is a public suffix
        }
        Set<String> rules = rules(domain.substring(lastDot + 1));
        if (rules.contains("!" + domain)) {
            return false;
        }
        if (rules.contains(domain)) {
            return true;
        }
        int dot = domain.indexOf('.');
        return rules.contains("*" + domain.substring(dot));
    }

    private static Set<String> rules(String tld) {
        return RULES.computeIfAbsent(tld, PublicSuffixes::load);
    }

    private static Set<String> load(String tld) {
        ZipFile file = open();
        if (file == null) {
            return Set.of();
        }
        ZipEntry entry = file.getEntry(tld);
        if (entry == null) {
            return Set.of();
        }
        Set<String> rules = new HashSet<>();
        try (InputStream in = file.getInputStream(entry)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                char marker = line.charAt(0);
                String rule = marker == 0 || marker == 1 ? line.substring(1) : line;
                rules.add(rule.strip().toLowerCase(Locale.ROOT));
            }
        } catch (IOException e) {
            return Set.of();
        }
        return Set.copyOf(rules);
    }

    private static ZipFile open() {
        if (unavailable) {
            return null;
        }
        ZipFile file = zip;
        if (file != null) {
            return file;
        }
        synchronized (PublicSuffixes.class) {
            if (zip == null && !unavailable) {
                try {
                    if (Files.isReadable(FILE)) {
                        zip = new ZipFile(FILE.toFile());
                    } else {
                        unavailable = true;
                    }
                } catch (IOException e) {
                    unavailable = true;
                }
            }
            return zip;
        }
    }
}
