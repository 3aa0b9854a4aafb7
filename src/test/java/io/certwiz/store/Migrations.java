package io.certwiz.store;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The versioned migrations of a dialect as found on the class path. Their versions may leave gaps (each
 * line of work is given its own number), so a history holds {@link #count} rows, the newest being
 * {@link Schema#CURRENT_VERSION}.
 */
final class Migrations {
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)(?:_\\d+)?__.*\\.sql");

    private Migrations() {}

    static List<Integer> versions(Dialect dialect) {
        List<Integer> versions = new ArrayList<>();
        for (String location : dialect.migrationLocations()) {
            java.net.URL url = Migrations.class.getClassLoader().getResource(location.replace("classpath:", ""));
            if (url == null) {
                throw new IllegalStateException("no migration folder " + location);
            }
            for (String name : fileNames(url)) {
                Matcher m = VERSIONED.matcher(name);
                if (m.matches()) {
                    versions.add(Integer.parseInt(m.group(1)));
                }
            }
        }
        return versions;
    }

    static int count(Dialect dialect) {
        return versions(dialect).size();
    }

    static int newest(Dialect dialect) {
        return versions(dialect).stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** File names in a migration folder, whether the classes run from a directory or from the jar (failsafe). */
    private static List<String> fileNames(java.net.URL folder) {
        try {
            java.net.URI uri = folder.toURI();
            if (!"jar".equals(uri.getScheme())) {
                try (var files = java.nio.file.Files.list(java.nio.file.Path.of(uri))) {
                    return files.map(f -> f.getFileName().toString()).toList();
                }
            }
            try (java.nio.file.FileSystem jar = java.nio.file.FileSystems.newFileSystem(uri, java.util.Map.of());
                    var files = java.nio.file.Files.list(jar.provider().getPath(uri))) {
                return files.map(f -> f.getFileName().toString()).toList();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot list " + folder + ": " + e, e);
        }
    }
}
