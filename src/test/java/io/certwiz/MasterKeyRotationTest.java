package io.certwiz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certwiz.crypto.KeyVault;
import io.certwiz.crypto.SecretSealer;
import io.certwiz.crypto.StoredKey;
import io.certwiz.store.DataDirectory;
import io.certwiz.store.Transaction;
import io.certwiz.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certwiz admin rotate-master-key}: all or nothing, and the old key opens nothing after. */
class MasterKeyRotationTest {
    @TempDir
    Path temp;

    Cli cli;
    DataDirectory data;
    String leaf;
    Path pw;

    @BeforeEach
    void setUp() {
        cli = Cli.in(temp);
        cli.init();
        leaf = cli.request("Default", "--exportable");
        cli.request("WebServicesInternal");
        nested("acme", "eab", "add", "build-farm").ok();
        nested("alerts", "add-webhook", "hook", "--url", "https://hooks.example.com/certwiz")
                .ok();
        data = new DataDirectory(cli.data());
        pw = Cli.writeString(temp.resolve("pw"), "pass\n");
    }

    /** A command of a command group: {@code --data} goes after the subcommand. */
    private Cli.Result nested(String... args) {
        List<String> full = new java.util.ArrayList<>(List.of(args));
        full.add("--data");
        full.add(cli.data().toString());
        return Cli.runRaw(full.toArray(String[]::new));
    }

    private List<StoredKey> keys() {
        try (Certwiz certwiz = Certwiz.open(data)) {
            return certwiz.store().read((Transaction tx) -> Records.SQL.keys().all(tx));
        }
    }

    private Map<String, String> sealedBytes() throws Exception {
        Map<String, String> sealed = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cli.database());
                Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT id, hex(sealed) FROM private_keys ORDER BY id")) {
                while (r.next()) {
                    sealed.put("key " + r.getLong(1), r.getString(2));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT kid, sealed_hmac FROM acme_server_eab_keys")) {
                while (r.next()) {
                    sealed.put("eab " + r.getString(1), r.getString(2));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT name, sealed_secret FROM alert_channels")) {
                while (r.next()) {
                    sealed.put("alert " + r.getString(1), r.getString(2));
                }
            }
        }
        return sealed;
    }

    private static boolean eabOpens(byte[] master, String sealed) {
        try {
            SecretSealer.derive(master.clone(), "certwiz/acme-server/eab-sealing/v1")
                    .open(sealed, "certwiz/acme-server/eab/build-farm");
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean channelOpens(byte[] master, String sealed) {
        try {
            SecretSealer.derive(master.clone(), "certwiz/alert-channel/v1").open(sealed, "alert-channel:hook");
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private void everythingWorks() {
        cli.run("check").ok();
        cli.run(
                        "export",
                        leaf,
                        "--format",
                        "pfx",
                        "--with-key",
                        "--password-file",
                        pw.toString(),
                        "--out",
                        temp.resolve("leaf-" + System.nanoTime() + ".pfx").toString())
                .ok();
    }

    @Test
    void everyKeyOpensUnderTheNewKeyAndNoneUnderTheOld() throws Exception {
        byte[] oldMaster = data.readMasterKey();
        Map<String, String> before = sealedBytes();

        var result = nested("admin", "rotate-master-key", "--json").ok().json();

        assertThat(result.path("privateKeys").asInt()).isEqualTo(4);
        assertThat(result.path("eabKeys").asInt()).isEqualTo(1);
        byte[] newMaster = data.readMasterKey();
        assertThat(newMaster).hasSize(32).isNotEqualTo(oldMaster);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.masterKeyFile())))
                .isEqualTo("rw-------");
        assertThat(data.path().resolve(MasterKeyRotation.PENDING)).doesNotExist();
        Map<String, String> after = sealedBytes();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        after.forEach((what, bytes) -> assertThat(bytes).as(what).isNotEqualTo(before.get(what)));

        KeyVault oldVault = new KeyVault(oldMaster);
        KeyVault newVault = new KeyVault(newMaster);
        List<StoredKey> keys = keys();
        assertThat(keys).hasSize(4).allSatisfy(key -> {
            assertThat(newVault.open(key)).isNotNull();
            assertThatThrownBy(() -> oldVault.open(key)).isInstanceOf(CertwizException.class);
        });
        assertThat(eabOpens(newMaster, after.get("eab build-farm"))).isTrue();
        assertThat(eabOpens(oldMaster, after.get("eab build-farm"))).isFalse();
        assertThat(result.path("alertChannels").asInt()).isEqualTo(1);
        assertThat(channelOpens(newMaster, after.get("alert hook"))).isTrue();
        assertThat(channelOpens(oldMaster, after.get("alert hook"))).isFalse();
        everythingWorks();
        assertThat(cli.run("audit", "--json").ok().out()).contains("admin.master-key-rotated");
    }

    @Test
    void aTransactionThatFailsLeavesTheOldStateWorking() throws Exception {
        byte[] oldMaster = data.readMasterKey();
        Map<String, String> before = sealedBytes();

        try (Certwiz certwiz = Certwiz.open(data)) {
            assertThatThrownBy(() -> MasterKeyRotation.rotate(certwiz, tx -> {
                        throw CertwizException.error("simulated crash before the commit");
                    }))
                    .hasMessageContaining("simulated crash");
        }

        assertThat(data.readMasterKey()).isEqualTo(oldMaster);
        assertThat(data.path().resolve(MasterKeyRotation.PENDING)).doesNotExist();
        assertThat(sealedBytes()).isEqualTo(before);
        everythingWorks();
    }

    @Test
    void aRotationInterruptedAfterItsCommitIsFinishedAtTheNextOpen() throws Exception {
        byte[] oldMaster = data.readMasterKey();
        nested("admin", "rotate-master-key").ok();
        byte[] newMaster = data.readMasterKey();
        // As if the process died after the commit, before master.key was replaced.
        data.writeMasterKey(oldMaster);
        DataDirectory.writeSecret(
                data.path().resolve(MasterKeyRotation.PENDING), DataDirectory.encodeMasterKey(newMaster));

        everythingWorks();
        assertThat(data.readMasterKey()).isEqualTo(newMaster);
        assertThat(data.path().resolve(MasterKeyRotation.PENDING)).doesNotExist();
    }

    @Test
    void aPendingKeyOfARotationThatNeverCommittedIsForgotten() throws Exception {
        byte[] oldMaster = data.readMasterKey();
        DataDirectory.writeSecret(
                data.path().resolve(MasterKeyRotation.PENDING), DataDirectory.encodeMasterKey(KeyVault.newMasterKey()));

        everythingWorks();
        assertThat(data.readMasterKey()).isEqualTo(oldMaster);
        assertThat(data.path().resolve(MasterKeyRotation.PENDING)).doesNotExist();
    }
}
