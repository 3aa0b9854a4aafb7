package io.certwiz.store;

import java.net.URI;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The versioned migrations a dialect runs, read from the class path (a directory, or the jar under
 * failsafe): versions need not be contiguous, since each change takes its own number.
 */
final class Migrations {
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)(?:_\\d+)?__.*\\.sql");

    private Migrations() {}

    /** The version numbers, one per migration file. */
    static List<Integer> versions(Dialect dialect) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (String location : dialect.migrationLocations()) {
            URL url = Migrations.class.getClassLoader().getResource(location.replace("classpath:", ""));
            if (url == null) {
                throw new AssertionError("no migration folder " + location);
            }
            for (String name : fileNames(url)) {
                Matcher m = VERSIONED.matcher(name);
                if (m.matches()) {
                    out.add(Integer.parseInt(m.group(1)));
                }
            }
        }
        return out;
    }

    /** How many rows a fully migrated store's Flyway history has. */
    static int count(Dialect dialect) {
        try {
            return versions(dialect).size();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> fileNames(URL folder) throws Exception {
        URI uri = folder.toURI();
        if (!"jar".equals(uri.getScheme())) {
            try (var files = Files.list(Path.of(uri))) {
                return files.map(f -> f.getFileName().toString()).toList();
            }
        }
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of());
                var files = Files.list(jar.provider().getPath(uri))) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }
}
