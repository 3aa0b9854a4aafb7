package io.certwiz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Not exportable" is more than a flag in the database: rows of {@code private_keys} and
 * {@code certificates} changed with SQL behind certwiz's back make {@code export --with-key} fail with
 * a one-line error, and nothing is written (issue 13).
 */
class TamperedKeyRowTest {
    @TempDir
    Path temp;

    Cli cli;
    Path passwordFile;
    Path out;

    @BeforeEach
    void setUp() {
        cli = Cli.in(temp);
        cli.init();
        passwordFile = Cli.writeString(temp.resolve("pw"), "secret-pass\n");
        out = temp.resolve("leaf.pfx");
    }

    private Cli.Result exportWithKey(String thumbprint) {
        return cli.run(
                "export",
                thumbprint,
                "--format",
                "pfx",
                "--with-key",
                "--password-file",
                passwordFile.toString(),
                "--out",
                out.toString());
    }

    private int sql(String statement, Object... values) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cli.database());
                PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            return s.executeUpdate();
        }
    }

    private long keyId(String thumbprint) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cli.database());
                PreparedStatement s = c.prepareStatement("SELECT key_id FROM certificates WHERE thumbprint = ?")) {
            s.setString(1, thumbprint);
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                return r.getLong(1);
            }
        }
    }

    private long setting(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cli.database());
                PreparedStatement s = c.prepareStatement("SELECT value FROM settings WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                return Long.parseLong(r.getString(1));
            }
        }
    }

    private void assertRefusedAndNothingWritten(Cli.Result result) {
        result.failsWithOneLine(1);
        assertThat(result.errLine()).contains("changed outside certwiz");
        assertThat(out).doesNotExist();
        try (var files = Files.list(temp)) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("leaf.pfx");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aKeyMadeExportableInTheDatabaseDoesNotOpen() throws Exception {
        String leaf = cli.request("Default");
        exportWithKey(leaf).fails(3); // not exportable, as made

        assertThat(sql("UPDATE private_keys SET exportable = 1 WHERE id = ?", keyId(leaf)))
                .isEqualTo(1);

        assertRefusedAndNothingWritten(exportWithKey(leaf));
        cli.run("check").exit(3);
    }

    @Test
    void aCertificatePointedAtTheIssuingCaKeyDoesNotExportIt() throws Exception {
        String leaf = cli.request("Default", "--exportable");
        long caKey = setting("ca.embedded.intermediate-key");

        sql("UPDATE certificates SET key_id = ? WHERE thumbprint = ?", caKey, leaf);
        exportWithKey(leaf).fails(3); // the CA's key is not exportable
        assertThat(out).doesNotExist();

        sql("UPDATE private_keys SET exportable = 1 WHERE id = ?", caKey);
        Cli.Result pointed = exportWithKey(leaf);
        assertRefusedAndNothingWritten(pointed);
        assertThat(pointed.errLine()).contains("belongs to the embedded CA");

        // and with the CA key's row made to look like a certificate's key too
        sql("UPDATE private_keys SET owner = 'certificate' WHERE id = ?", caKey);
        assertRefusedAndNothingWritten(exportWithKey(leaf));
    }

    @Test
    void aCertificatePointedAtAnotherCertificatesKeyDoesNotExportIt() throws Exception {
        String mine = cli.request("Default", "--exportable");
        String other = cli.request("WebServicesInternal", "--exportable");
        sql("UPDATE certificates SET key_id = ? WHERE thumbprint = ?", keyId(other), mine);

        assertRefusedAndNothingWritten(exportWithKey(mine));
    }

    @Test
    void sealedBytesMovedFromTheCaRowToACertificateRowDoNotOpen() throws Exception {
        String leaf = cli.request("Default", "--exportable");
        long caKey = setting("ca.embedded.intermediate-key");
        sql(
                "UPDATE private_keys SET sealed = (SELECT sealed FROM private_keys WHERE id = ?),"
                        + " public_key = (SELECT public_key FROM private_keys WHERE id = ?) WHERE id = ?",
                caKey,
                caKey,
                keyId(leaf));

        assertRefusedAndNothingWritten(exportWithKey(leaf));
    }

    @Test
    void anUntouchedExportableKeyStillExports() {
        String leaf = cli.request("Default", "--exportable");
        exportWithKey(leaf).ok();
        assertThat(out).exists();
    }
}
