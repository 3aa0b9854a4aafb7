package io.certwiz.assignment;

import io.certwiz.CertwizException;
import io.certwiz.x509.Thumbprint;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which roots of the {@code root} store the Default listener trusts for client certificates: {@code all}
 * of them, or a list of {@code embedded} (the embedded CA's root), {@code assigned} (the root the Default
 * certificate chains to, so that the servers of a pool and the server's own probe get in) and root
 * thumbprints. {@code default}, alone or in a list, is {@code embedded,assigned}.
 */
public record ClientRoots(boolean all, boolean embedded, boolean assigned, List<Thumbprint> thumbprints) {
    public static final ClientRoots DEFAULT = new ClientRoots(false, true, true, List.of());

    public ClientRoots {
        thumbprints = List.copyOf(thumbprints);
        if (all && (embedded || assigned || !thumbprints.isEmpty())) {
            throw new IllegalArgumentException("'all' stands alone");
        }
    }

    /** Reads {@code default}, {@code all} or a comma-separated list of embedded, assigned and thumbprints. */
    public static ClientRoots parse(String text) {
        if (text == null || text.isBlank()) {
            throw CertwizException.badUsage(
                    "give the client roots: default, all, or a comma-separated list of embedded, assigned and root"
                            + " thumbprints");
        }
        String[] items = text.split(",", -1);
        if (items.length == 1 && items[0].strip().equalsIgnoreCase("default")) {
            return DEFAULT;
        }
        if (items.length == 1 && items[0].strip().equalsIgnoreCase("all")) {
            return new ClientRoots(true, false, false, List.of());
        }
        boolean embedded = false;
        boolean assigned = false;
        Set<Thumbprint> thumbprints = new LinkedHashSet<>();
        for (String raw : items) {
            String item = raw.strip();
            switch (item.toLowerCase(Locale.ROOT)) {
                case "embedded" -> embedded = true;
                case "assigned" -> assigned = true;
                case "default" -> {
                    embedded = true;
                    assigned = true;
                }
                case "all" -> throw CertwizException.badUsage("'all' stands alone in the client roots, not in a list");
                case "" -> throw CertwizException.badUsage("an empty item in the client roots: " + text.strip());
                default -> {
                    if (!Thumbprint.looksLike(item)) {
                        throw CertwizException.badUsage(
                                "not a client root (embedded, assigned or a root's thumbprint): " + item);
                    }
                    thumbprints.add(Thumbprint.parse(item));
                }
            }
        }
        return new ClientRoots(false, embedded, assigned, new ArrayList<>(thumbprints));
    }

    /** The text {@link #parse} reads back. */
    public String text() {
        if (all) {
            return "all";
        }
        if (equals(DEFAULT)) {
            return "default";
        }
        List<String> items = new ArrayList<>();
        if (embedded) {
            items.add("embedded");
        }
        if (assigned) {
            items.add("assigned");
        }
        thumbprints.forEach(t -> items.add(t.hex()));
        return String.join(",", items);
    }
}
