package io.certwiz.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.testing.CertFactory;
import io.certwiz.testing.Cli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code certwiz check} on a store built through the CLI: clean it passes; each kind of damage made
 * with raw SQL behind certwiz's back (foreign keys off, as a broken tool or a half-restored backup
 * would leave it) is found with its own line naming what it concerns, and exit 3.
 */
class CheckCommandTest {
    @TempDir
    static Path shared;

    @TempDir
    Path temp;

    /** The store every test starts from: a copy of it, in its own directory. */
    static Cli template;

    static String assigned;
    static String unassigned;
    static String rootThumbprint;

    @BeforeAll
    static void buildStore() throws IOException {
        template = Cli.in(shared);
        template.init();
        assigned = template.request("Default");
        unassigned = template.request("WebServicesInternal", "--no-assign");
        template.run(
                        "request",
                        "--usage",
                        "WebServicesExternal",
                        "--offline",
                        "--out",
                        shared.resolve("ext.csr").toString())
                .ok();
        CertFactory.Issued root = CertFactory.root("Check Test Root");
        Path rootFile = shared.resolve("root.pem");
        Files.writeString(rootFile, CertFactory.pem(root.certificate()));
        rootThumbprint = template.run("import", rootFile.toString(), "--store", "root", "--json")
                .ok()
                .json()
                .path("imported")
                .get(0)
                .path("thumbprint")
                .asText();
    }

    private Cli copy() {
        Cli cli = new Cli(temp.resolve("data"));
        try {
            Files.createDirectories(cli.data());
            try (Stream<Path> files = Files.list(template.data())) {
                for (Path file : files.toList()) {
                    Files.copy(file, cli.data().resolve(file.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cli;
    }

    private static void sql(Cli cli, String statement, Object... values) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cli.database());
                Statement pragma = c.createStatement();
                PreparedStatement s = c.prepareStatement(statement)) {
            pragma.execute("PRAGMA foreign_keys = OFF");
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            assertThat(s.executeUpdate()).as(statement).isPositive();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long number(Cli cli, String query, Object... values) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cli.database());
                PreparedStatement s = c.prepareStatement(query)) {
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).as(query).isTrue();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long keyOf(Cli cli, String thumbprint) {
        return number(cli, "SELECT key_id FROM certificates WHERE thumbprint = ?", thumbprint);
    }

    private static long pendingKey(Cli cli) {
        return number(cli, "SELECT key_id FROM pending_requests");
    }

    private static byte[] bytes(Cli cli, String query, long id) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cli.database());
                PreparedStatement s = c.prepareStatement(query)) {
            s.setLong(1, id);
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                return r.getBytes(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The problem lines of a check that found problems: exit 3, then a summary line that counts them. */
    private static List<String> problems(Cli cli) {
        Cli.Result result = cli.run("check").exit(3);
        List<String> lines = new ArrayList<>(result.out().strip().lines().toList());
        String summary = lines.removeLast();
        assertThat(summary).startsWith("FAILED: " + lines.size() + " problem");
        assertThat(result.err()).isEmpty();
        return lines;
    }

    private static String only(List<String> problems) {
        assertThat(problems).hasSize(1);
        return problems.getFirst();
    }

    /** The one finding of this kind in {@code check --json}. */
    private static JsonNode finding(Cli cli, String kind) {
        JsonNode report = cli.run("check", "--json").exit(3).json();
        assertThat(report.path("clean").asBoolean()).isFalse();
        List<JsonNode> found = new ArrayList<>();
        report.path("problems").forEach(p -> {
            if (p.path("kind").asText().equals(kind)) {
                found.add(p);
            }
        });
        assertThat(found).as(report.toPrettyString()).hasSize(1);
        return found.getFirst();
    }

    @Test
    void aCleanStorePasses() {
        Cli cli = copy();
        Cli.Result text = cli.run("check").ok();
        assertThat(text.out().strip())
                .isEqualTo("OK: the store is sound: 5 keys, 5 certificates, 1 assignment, 1 pending request"
                        + " and the embedded CA");
        JsonNode json = cli.run("check", "--json").ok().json();
        assertThat(json.path("clean").asBoolean()).isTrue();
        assertThat(json.path("problems")).isEmpty();
        assertThat(json.path("checked").path("keys").asInt()).isEqualTo(5);
        assertThat(json.path("checked").path("certificates").asInt()).isEqualTo(5);
        assertThat(json.path("checked").path("assignments").asInt()).isEqualTo(1);
        assertThat(json.path("checked").path("pendingRequests").asInt()).isEqualTo(1);
    }

    @Test
    void aKeyWhoseSealedBytesWereAlteredDoesNotOpen() {
        Cli cli = copy();
        long key = keyOf(cli, unassigned);
        byte[] sealed = bytes(cli, "SELECT sealed FROM private_keys WHERE id = ?", key);
        sealed[sealed.length - 1] ^= 1;
        sql(cli, "UPDATE private_keys SET sealed = ? WHERE id = ?", sealed, key);
        assertThat(only(problems(cli)))
                .matches(s -> s.startsWith("KEY_DOES_NOT_OPEN: key " + key + " (EC) does not open"));
        assertThat(finding(cli, "KEY_DOES_NOT_OPEN").path("keyId").asLong()).isEqualTo(key);
    }

    @Test
    void anAssignedCertificateWhoseKeyDoesNotOpenMakesTheAssignmentUnusable() {
        Cli cli = copy();
        long key = keyOf(cli, assigned);
        sql(cli, "UPDATE private_keys SET sealed = ? WHERE id = ?", new byte[40], key);
        List<String> problems = problems(cli);
        assertThat(problems).hasSize(2);
        assertThat(problems).anySatisfy(s -> assertThat(s).startsWith("KEY_DOES_NOT_OPEN: key " + key));
        assertThat(problems)
                .anySatisfy(s -> assertThat(s)
                        .startsWith("ASSIGNMENT_UNUSABLE: usage Default is assigned certificate " + assigned)
                        .contains("private key that does not open"));
        JsonNode unusable = finding(cli, "ASSIGNMENT_UNUSABLE");
        assertThat(unusable.path("usage").asText()).isEqualTo("Default");
        assertThat(unusable.path("thumbprint").asText()).isEqualTo(assigned);
    }

    @Test
    void aKeyWhosePublicKeyIsAnothersDoesNotOpen() {
        // The public key is bound into the seal (issue 13): a row given another public key no longer opens.
        Cli cli = copy();
        long key = keyOf(cli, unassigned);
        byte[] other = bytes(cli, "SELECT public_key FROM private_keys WHERE id = ?", keyOf(cli, assigned));
        sql(cli, "UPDATE private_keys SET public_key = ? WHERE id = ?", other, key);
        assertThat(problems(cli))
                .first()
                .isEqualTo("KEY_DOES_NOT_OPEN: key " + key + " (EC) does not open: its record was changed outside"
                        + " certwiz (exportable, owner, id or key), or the master key is not this store's");
        assertThat(finding(cli, "KEY_DOES_NOT_OPEN").path("keyId").asLong()).isEqualTo(key);
    }

    @Test
    void anAssignmentToAMissingCertificateIsFound() {
        Cli cli = copy();
        sql(cli, "DELETE FROM certificates WHERE thumbprint = ?", assigned);
        List<String> problems = problems(cli);
        assertThat(only(problems))
                .matches(s -> s.equals("ASSIGNMENT_CERTIFICATE_MISSING: usage Default is assigned certificate "
                        + assigned + ", which is missing"));
        assertThat(finding(cli, "ASSIGNMENT_CERTIFICATE_MISSING").path("usage").asText())
                .isEqualTo("Default");
    }

    @Test
    void anAssignmentToACertificateOutsideThePersonalStoreIsUnusable() {
        Cli cli = copy();
        sql(cli, "UPDATE assignments SET thumbprint = ? WHERE usage = 'Default'", rootThumbprint);
        assertThat(only(problems(cli)))
                .matches(s -> s.equals("ASSIGNMENT_UNUSABLE: usage Default is assigned certificate " + rootThumbprint
                        + ", which is in the root store, not personal"));
    }

    @Test
    void aCertificateWhoseKeyDoesNotMatchIsFound() {
        Cli cli = copy();
        long other = pendingKey(cli);
        sql(cli, "UPDATE certificates SET key_id = ? WHERE thumbprint = ?", other, unassigned);
        assertThat(only(problems(cli)))
                .matches(s -> s.equals("CERTIFICATE_KEY_MISMATCH: certificate " + unassigned + " points at key " + other
                        + ", which is not the key of its public key"));
        JsonNode finding = finding(cli, "CERTIFICATE_KEY_MISMATCH");
        assertThat(finding.path("thumbprint").asText()).isEqualTo(unassigned);
        assertThat(finding.path("keyId").asLong()).isEqualTo(other);
    }

    @Test
    void anAssignedCertificateWithAnothersKeyIsAlsoAnUnusableAssignment() {
        Cli cli = copy();
        sql(cli, "UPDATE certificates SET key_id = ? WHERE thumbprint = ?", keyOf(cli, unassigned), assigned);
        List<String> problems = problems(cli);
        assertThat(problems).hasSize(2);
        assertThat(problems)
                .anySatisfy(s -> assertThat(s).startsWith("CERTIFICATE_KEY_MISMATCH: certificate " + assigned));
        assertThat(problems).anySatisfy(s -> assertThat(s).endsWith("which has another certificate's private key"));
    }

    @Test
    void aCertificateWhoseKeyIsGoneIsFound() {
        Cli cli = copy();
        long key = keyOf(cli, unassigned);
        sql(cli, "DELETE FROM private_keys WHERE id = ?", key);
        assertThat(only(problems(cli)))
                .matches(s -> s.equals("CERTIFICATE_KEY_MISSING: certificate " + unassigned + " points at key " + key
                        + ", which does not exist"));
    }

    @Test
    void aCertificateThatCannotBeReadIsFoundAndTheRestStillChecked() {
        Cli cli = copy();
        sql(cli, "UPDATE certificates SET der = ? WHERE thumbprint = ?", new byte[] {0x30, 0x03, 1, 2, 3}, unassigned);
        sql(cli, "DELETE FROM private_keys WHERE id = ?", pendingKey(cli));
        List<String> problems = problems(cli);
        assertThat(problems).hasSize(2);
        assertThat(problems)
                .anySatisfy(s -> assertThat(s).startsWith("CERTIFICATE_UNREADABLE: certificate " + unassigned));
        assertThat(problems).anySatisfy(s -> assertThat(s).startsWith("REQUEST_KEY_MISSING: pending request "));
    }

    @Test
    void aCertificateUnderAnotherThumbprintIsFound() {
        Cli cli = copy();
        sql(
                cli,
                "UPDATE certificates SET der = (SELECT der FROM certificates WHERE thumbprint = ?) WHERE thumbprint = ?",
                rootThumbprint,
                unassigned);
        List<String> problems = problems(cli);
        assertThat(problems)
                .anySatisfy(s -> assertThat(s)
                        .isEqualTo("CERTIFICATE_THUMBPRINT_MISMATCH: certificate " + unassigned
                                + " is stored under a thumbprint that is not its own"));
    }

    @Test
    void aPendingRequestWithoutItsKeyIsFound() {
        Cli cli = copy();
        long key = pendingKey(cli);
        sql(cli, "DELETE FROM private_keys WHERE id = ?", key);
        assertThat(only(problems(cli)))
                .matches(s -> s.startsWith("REQUEST_KEY_MISSING: pending request ")
                        && s.contains("has lost its private key " + key));
        JsonNode finding = finding(cli, "REQUEST_KEY_MISSING");
        assertThat(finding.path("requestId").asLong()).isPositive();
        assertThat(finding.path("keyId").asLong()).isEqualTo(key);
    }

    @Test
    void aPendingRequestPointingAtAnotherKeyIsFound() {
        Cli cli = copy();
        sql(cli, "UPDATE pending_requests SET key_id = ?", keyOf(cli, unassigned));
        assertThat(only(problems(cli))).matches(s -> s.startsWith("REQUEST_KEY_MISMATCH: pending request "));
    }

    @Test
    void theEmbeddedCaKeysAndCertificatesAreChecked() {
        Cli cli = copy();
        sql(cli, "UPDATE settings SET value = '999999' WHERE name = 'ca.embedded.root-key'");
        sql(cli, "DELETE FROM settings WHERE name = 'ca.embedded.intermediate'");
        List<String> problems = problems(cli);
        assertThat(problems)
                .containsExactlyInAnyOrder(
                        "CA_MISSING: the embedded issuing CA's certificate is missing",
                        "CA_KEY_MISSING: the embedded root CA's key 999999 is missing");
    }

    @Test
    void anEmbeddedCaKeySwappedForTheOtherIsAMismatch() {
        Cli cli = copy();
        String intermediateKey =
                Long.toString(number(cli, "SELECT value FROM settings WHERE name = 'ca.embedded.intermediate-key'"));
        sql(cli, "UPDATE settings SET value = ? WHERE name = 'ca.embedded.root-key'", intermediateKey);
        assertThat(problems(cli))
                .containsExactly("CA_KEY_MISMATCH: the embedded root CA's key " + intermediateKey
                        + " does not match its certificate");
    }

    @Test
    void aCertificateTheEmbeddedCaIssuedWithoutItsLedgerRecordIsFound() {
        Cli cli = copy();
        sql(cli, "DELETE FROM issued_certificates WHERE thumbprint = ?", unassigned);
        assertThat(only(problems(cli)))
                .matches(s -> s.startsWith("ISSUANCE_UNRECORDED: certificate " + unassigned) && s.contains("ledger"));
    }

    @Test
    void aStoreWithoutItsIdentityIsAnUnfinishedInit() {
        Cli cli = copy();
        sql(cli, "DELETE FROM server_identity");
        assertThat(problems(cli))
                .containsExactly("IDENTITY_MISSING: the store has no server identity: certwiz init did not finish");
    }

    @Test
    void anotherMasterKeyOpensNoKey() throws IOException {
        Cli cli = copy();
        Files.writeString(cli.data().resolve("master.key"), Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        List<String> problems = problems(cli);
        // Five keys, the CA's two among them, and the one assignment.
        assertThat(problems.stream().filter(s -> s.startsWith("KEY_DOES_NOT_OPEN: ")))
                .hasSize(5);
        assertThat(problems).anySatisfy(s -> assertThat(s).startsWith("CA_KEY_UNUSABLE: the embedded root CA's key"));
        assertThat(problems).anySatisfy(s -> assertThat(s).startsWith("ASSIGNMENT_UNUSABLE: usage Default"));
    }

    @Test
    void aStoreThatCannotBeReadIsAnErrorNotAReport() throws IOException {
        Cli cli = copy();
        for (String suffix : List.of("-wal", "-shm")) {
            Files.deleteIfExists(Path.of(cli.database() + suffix));
        }
        Files.writeString(cli.database(), "not a database, only text that fills a page or so\n".repeat(100));
        Cli.Result result = cli.run("check").fails(1);
        assertThat(result.out()).isEmpty();
        JsonNode error = cli.run("check", "--json").exit(1).json();
        assertThat(error.path("error").path("exitCode").asInt()).isEqualTo(1);
        assertThat(cli.run("check").errLine()).startsWith("certwiz: ");
        assertThat(new Cli(temp.resolve("none")).run("check").fails(4).err()).contains("certwiz init");
    }
}
