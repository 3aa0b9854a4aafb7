package io.certwiz.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.store.DataDirectory;
import io.certwiz.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store as certwiz left it up to schema 6 (keys sealed in version 1, no owner column) opens: V8 gives
 * each key its owner, and the first open re-seals every key bound to its row, once, recorded.
 */
class KeyResealingTest {
    @TempDir
    Path temp;

    /** Turns a current SQLite store back into what the released code wrote: v1 seals, schema 6. */
    private static void makeItAVersionSixStore(Cli cli) throws Exception {
        byte[] master = DataDirectory.readMasterKey(cli.data().resolve("master.key"));
        KeyVault vault = new KeyVault(master);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cli.database())) {
            List<StoredKey> rows = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery(
                            "SELECT id, owner, algorithm, public_key, sealed, exportable, created_at FROM private_keys")) {
                while (r.next()) {
                    rows.add(new StoredKey(
                            r.getLong(1),
                            KeyOwner.ofColumn(r.getString(2)),
                            r.getString(3),
                            r.getBytes(4),
                            r.getBytes(5),
                            r.getBoolean(6),
                            Instant.ofEpochMilli(r.getLong(7))));
                }
            }
            for (StoredKey row : rows) {
                try (PreparedStatement s = c.prepareStatement("UPDATE private_keys SET sealed = ? WHERE id = ?")) {
                    s.setBytes(1, KeyVaultTest.sealVersionOne(master, vault.open(row)));
                    s.setLong(2, row.id());
                    s.executeUpdate();
                }
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("ALTER TABLE private_keys DROP COLUMN owner");
                s.executeUpdate("ALTER TABLE private_keys DROP COLUMN token_uri");
                // and what the migrations after V8 added (V11: roll-over and alerts; V13, V14: renewal), as a
                // store of V6 had none
                s.executeUpdate("DROP TABLE assignment_history");
                s.executeUpdate("DROP TABLE ca_crls");
                s.executeUpdate("DROP TABLE revocation_cache");
                s.executeUpdate("DROP INDEX issued_certificates_thumbprint");
                s.executeUpdate("DROP TABLE certificate_lineage");
                s.executeUpdate("DROP TABLE renewal_state");
                s.executeUpdate("ALTER TABLE assignments DROP COLUMN next_thumbprint");
                s.executeUpdate("ALTER TABLE assignments DROP COLUMN next_effective_at");
                s.executeUpdate("DROP TABLE alert_states");
                s.executeUpdate("DROP TABLE alert_channels");
                s.executeUpdate("DELETE FROM flyway_schema_history WHERE CAST(version AS INTEGER) > 6");
                s.executeUpdate("DELETE FROM settings WHERE name = 'keys.sealing'");
            }
        }
    }

    private static Map<Long, String> keys(Cli cli) throws Exception {
        Map<Long, String> keys = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cli.database());
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT id, owner, hex(sealed) FROM private_keys ORDER BY id")) {
            while (r.next()) {
                keys.put(r.getLong(1), r.getString(2) + " " + r.getString(3));
            }
        }
        return keys;
    }

    private static String setting(Cli cli, String name) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cli.database());
                PreparedStatement s = c.prepareStatement("SELECT value FROM settings WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    @Test
    void anOldStoreOpensAndItsKeysAreResealedOnce() throws Exception {
        Cli cli = Cli.in(temp);
        cli.init();
        String leaf = cli.request("Default", "--exportable");
        makeItAVersionSixStore(cli);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cli.database());
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT hex(sealed) FROM private_keys")) {
            while (r.next()) {
                assertThat(r.getString(1)).startsWith("01");
            }
        }

        cli.run("check").ok();

        Map<Long, String> after = keys(cli);
        assertThat(after).hasSize(3);
        assertThat(after.values())
                .extracting(v -> v.split(" ")[0])
                .containsExactly("ca-root", "ca-issuing", "certificate");
        assertThat(after.values()).allSatisfy(v -> assertThat(v.split(" ")[1]).startsWith("02"));
        assertThat(setting(cli, KeyResealing.SETTING)).startsWith("v3").contains("3 keys re-sealed");

        // Done once: the next commands leave the seals as they are, and the keys work.
        Path pw = Cli.writeString(temp.resolve("pw"), "pass\n");
        cli.run(
                        "export",
                        leaf,
                        "--format",
                        "pfx",
                        "--with-key",
                        "--password-file",
                        pw.toString(),
                        "--out",
                        temp.resolve("leaf.pfx").toString())
                .ok();
        assertThat(Files.size(temp.resolve("leaf.pfx"))).isPositive();
        cli.request("WebServicesInternal");
        Map<Long, String> later = keys(cli);
        assertThat(later).hasSize(4);
        after.forEach((id, value) -> assertThat(later.get(id)).isEqualTo(value));
    }

    @Test
    void aNewStoreRecordsThatItNeedsNoReseal() throws Exception {
        Cli cli = Cli.in(temp);
        cli.init();
        assertThat(setting(cli, KeyResealing.SETTING)).startsWith("v3 since ");
    }
}
