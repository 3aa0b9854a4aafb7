package io.certwiz.acme.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Names to addresses for validation, from a hosts-format file ({@code ADDRESS NAME [NAME...]}, '#'
 * comments), read again whenever it changes. With a file, a name not in it does not resolve: DNS is not
 * asked.
 */
final class HostsFile {
    private final Path file;
    private FileTime loadedAt;
    private Map<String, List<InetAddress>> names = Map.of();

    HostsFile(Path file) {
        this.file = file;
    }

    synchronized List<InetAddress> lookup(String name) throws UnknownHostException {
        reloadIfChanged();
        List<InetAddress> addresses = names.get(name.toLowerCase(Locale.ROOT));
        if (addresses == null || addresses.isEmpty()) {
            throw new UnknownHostException(name + " is not in the validation hosts file " + file);
        }
        return addresses;
    }

    private void reloadIfChanged() throws UnknownHostException {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (modified.equals(loadedAt)) {
                return;
            }
            names = parse(Files.readAllLines(file));
            loadedAt = modified;
        } catch (IOException e) {
            throw new UnknownHostException("cannot read the validation hosts file " + file + ": " + e.getMessage());
        }
    }

    static Map<String, List<InetAddress>> parse(List<String> lines) {
        Map<String, List<InetAddress>> out = new HashMap<>();
        for (String raw : lines) {
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\\s+");
            InetAddress address = literal(fields[0]);
            if (address == null || fields.length < 2) {
                continue;
            }
            for (int i = 1; i < fields.length; i++) {
                out.computeIfAbsent(fields[i].toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(address);
            }
        }
        return out;
    }

    /** An IP address literal, never a DNS lookup. */
    static InetAddress literal(String text) {
        if (!text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
