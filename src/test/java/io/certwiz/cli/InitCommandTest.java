package io.certwiz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InitCommandTest {
    @TempDir
    Path temp;

    @Test
    void createsTheStoreTheIdentityAndATrustedEmbeddedCa() throws Exception {
        Cli cli = Cli.in(temp);
        JsonNode init = cli.init("--json").json();

        assertThat(init.path("identity").path("fqdn").asText()).isEqualTo(Cli.FQDN);
        assertThat(init.path("identity").path("poolFqdn").asText()).isEqualTo(Cli.POOL);
        assertThat(init.path("identity").path("sipDomains").get(0).asText()).isEqualTo(Cli.SIP_DOMAIN);
        assertThat(init.path("embeddedCaTrusted").asBoolean()).isTrue();
        String root = init.path("rootThumbprint").asText();
        String intermediate = init.path("intermediateThumbprint").asText();
        assertThat(cli.thumbprints("root")).containsExactly(root);
        assertThat(cli.thumbprints("intermediate")).containsExactly(intermediate);
        assertThat(cli.thumbprints("personal")).isEmpty();

        assertThat(Files.getPosixFilePermissions(cli.data())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(cli.data().resolve("master.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(cli.database()).exists();

        // The embedded root is a self-signed CA; the issuing CA chains to it.
        JsonNode rootView = cli.run("show", root, "--json").ok().json();
        assertThat(rootView.path("subject").asText())
                .isEqualTo(rootView.path("issuer").asText());
        assertThat(rootView.path("details").path("basicConstraints").path("ca").asBoolean())
                .isTrue();
        assertThat(rootView.path("chain").path("trusted").asBoolean()).isTrue();
        JsonNode intermediateView = cli.run("show", intermediate, "--json").ok().json();
        assertThat(intermediateView.path("issuer").asText())
                .isEqualTo(rootView.path("subject").asText());
        assertThat(intermediateView.path("chain").path("trusted").asBoolean()).isTrue();
    }

    @Test
    void theDatabaseAndItsWalAndShmFilesAreOwnerOnlyBesideTheMasterKey() throws Exception {
        Cli cli = Cli.in(temp);
        cli.init();
        var ownerOnly = PosixFilePermissions.fromString("rw-------");

        assertThat(Files.getPosixFilePermissions(cli.database())).isEqualTo(ownerOnly);
        try (io.certwiz.Certwiz open = io.certwiz.Certwiz.open(new io.certwiz.store.DataDirectory(cli.data()))) {
            open.certificates().list(null, null);
            cli.request("Default"); // a write while this process holds the store open: -wal and -shm exist
            for (String suffix : java.util.List.of("-wal", "-shm")) {
                Path file = Path.of(cli.database() + suffix);
                assertThat(file).exists();
                assertThat(Files.getPosixFilePermissions(file))
                        .as(file.toString())
                        .isEqualTo(ownerOnly);
            }
        }
        // A store made before, with the umask's 0644, is narrowed when it is opened.
        Files.setPosixFilePermissions(cli.database(), PosixFilePermissions.fromString("rw-r--r--"));
        cli.run("list").ok();
        assertThat(Files.getPosixFilePermissions(cli.database())).isEqualTo(ownerOnly);
    }

    @Test
    void anUnreachablePostgresqlStoreFailsAtOnceWithTheNetworksReason() {
        Cli cli = Cli.in(temp);

        Cli.Result refused = cli.run(
                        "init", "--fqdn", Cli.FQDN, "--store-url", "jdbc:postgresql://127.0.0.1:1/certwiz?password=pw")
                .failsWithOneLine(1);

        assertThat(refused.errLine())
                .isEqualTo("certwiz: cannot open the store at jdbc:postgresql://127.0.0.1:1/certwiz?...: connection"
                        + " refused");
        assertThat(cli.data().resolve("store.properties")).doesNotExist();
        assertThat(cli.data().resolve("master.key")).doesNotExist();
    }

    @Test
    void unsetFqdnsDefaultToTheServerFqdn() {
        Cli cli = Cli.in(temp);
        JsonNode identity = cli.run("init", "--fqdn", "Host.Example.COM", "--json")
                .ok()
                .json()
                .path("identity");

        assertThat(identity.path("fqdn").asText()).isEqualTo("host.example.com");
        assertThat(identity.path("poolFqdn").asText()).isEqualTo("host.example.com");
        assertThat(identity.path("webInternalFqdn").asText()).isEqualTo("host.example.com");
        assertThat(identity.path("webExternalFqdn").asText()).isEqualTo("host.example.com");
        assertThat(identity.path("sipDomains")).isEmpty();
    }

    @Test
    void refusesToOverwriteAStoreWithoutForce() {
        Cli cli = Cli.in(temp);
        cli.init();
        cli.request("Default");
        String before = cli.snapshot();

        Cli.Result again = cli.run("init", "--fqdn", "other.example.com").failsWithOneLine(3);

        assertThat(again.err()).contains("already exists").contains("--force");
        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void forceReplacesTheStore() {
        Cli cli = Cli.in(temp);
        String oldRoot = cli.init("--json").json().path("rootThumbprint").asText();
        cli.request("Default");

        String newRoot = cli.run("init", "--fqdn", "other.example.com", "--force", "--json")
                .ok()
                .json()
                .path("rootThumbprint")
                .asText();

        assertThat(newRoot).isNotEqualTo(oldRoot);
        assertThat(cli.thumbprints("root")).containsExactly(newRoot);
        assertThat(cli.thumbprints("personal")).isEmpty();
        assertThat(cli.run("usages", "--json").ok().json().findValuesAsText("state"))
                .containsOnly("NotAssigned");
    }

    @Test
    void noTrustEmbeddedCaLeavesTheRootAndIntermediateStoresEmpty() {
        Cli cli = Cli.in(temp);
        JsonNode init = cli.init("--no-trust-embedded-ca", "--json").json();

        assertThat(init.path("embeddedCaTrusted").asBoolean()).isFalse();
        assertThat(cli.thumbprints("root")).isEmpty();
        assertThat(cli.thumbprints("intermediate")).isEmpty();
    }

    @Test
    void rejectsAnInvalidFqdnAndCreatesNothing() {
        Cli cli = Cli.in(temp);

        cli.run("init", "--fqdn", "not a host!").failsWithOneLine(2);

        assertThat(cli.database()).doesNotExist();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--fqdn|*.example.com|wildcard",
                "--fqdn|1.2.3.4|a number",
                "--fqdn|com|single label",
                "--pool-fqdn|*.pool.example.com|wildcard",
                "--web-external-fqdn|10.0.0.7|a number",
                "--sip-domain|*.bad|wildcard",
                "--sip-domain|example|single label"
            })
    void initChecksItsNamesAsStrictlyAsARequest(String option, String name, String reason) {
        Cli cli = Cli.in(temp);
        String[] args = option.equals("--fqdn")
                ? new String[] {"--fqdn", name}
                : new String[] {"--fqdn", "fe01.example.com", option, name};

        Cli.Result refused = cli.run("init", args).failsWithOneLine(2);

        assertThat(refused.err()).contains(name).contains(reason);
        assertThat(cli.database()).doesNotExist();
    }

    @Test
    void aWildcardOverATopLevelDomainOrANumericNameIsNotARequestSan() {
        Cli cli = Cli.in(temp);
        cli.init();

        assertThat(cli.run("request", "--usage", "WebServicesExternal", "--san", "dns:*.com")
                        .failsWithOneLine(2)
                        .err())
                .contains("*.com")
                .contains("top-level domain");
        assertThat(cli.run("request", "--usage", "WebServicesExternal", "--san", "dns:1.2.3.4")
                        .failsWithOneLine(2)
                        .err())
                .contains("ip:ADDRESS");
        assertThat(Cli.runRaw("policy", "allow", ".2.3.4", "--data", cli.data().toString())
                        .failsWithOneLine(2)
                        .err())
                .contains("2.3.4");
        assertThat(cli.thumbprints("personal")).isEmpty();
    }

    @Test
    void commandsBeforeInitSayWhatToDo() {
        Cli cli = Cli.in(temp);

        Cli.Result result = cli.run("list").failsWithOneLine(4);

        assertThat(result.err()).contains("certwiz init");
    }

    @Test
    void missingRequiredOptionIsBadUsage() {
        Cli cli = Cli.in(temp);

        Cli.Result result = cli.run("init").exit(2);

        assertThat(result.err()).contains("--fqdn").doesNotContain("Exception");
    }
}
