package io.certwiz.store;

import io.certwiz.CertwizException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Where a pool's shared PostgreSQL store is: its JDBC URL and the account to log in with. Kept in the
 * data directory's {@code store.properties} (0600: it may hold the password); a data directory without
 * one uses its own SQLite store.
 */
public record SharedStore(String url, String user, String password) {
    public SharedStore {
        if (url == null || url.isBlank()) {
            throw CertwizException.badUsage("--store-url needs a JDBC URL such as jdbc:postgresql://HOST/DATABASE");
        }
        url = url.strip();
        if (!url.startsWith("jdbc:postgresql:")) {
            throw CertwizException.badUsage(
                    "a shared store is PostgreSQL: --store-url jdbc:postgresql://HOST[:PORT]/DATABASE, not "
                            + shown(url));
        }
    }

    /** The URL as it may be shown: without its query, where a password could be. */
    public String shownUrl() {
        return shown(url);
    }

    private static String shown(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?...";
    }

    public SqlStore open() {
        return Database.open(url, user, password);
    }

    /** The bytes of {@code store.properties}. */
    public byte[] encoded() {
        Properties properties = new Properties();
        properties.setProperty("url", url);
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        StringWriter out = new StringWriter();
        try {
            properties.store(out, "certwiz shared store (a pool): keep this file 0600");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads {@code store.properties}. */
    public static SharedStore decode(byte[] content, String where) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(new String(content, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            throw CertwizException.error("cannot read " + where + ": " + e.getMessage());
        }
        return new SharedStore(
                properties.getProperty("url"), properties.getProperty("user"), properties.getProperty("password"));
    }
}
