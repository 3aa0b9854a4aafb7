package io.certwiz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded CA issues this server's own requests only for what its name policy permits, unless told. */
class LocalNamePolicyTest {
    @TempDir
    Path temp;

    Cli cli;

    @BeforeEach
    void init() {
        cli = Cli.in(temp);
        cli.init();
    }

    @Test
    void aNameOutsideThePolicyIsRefusedAndNothingIsIssued() {
        Cli.Result refused = cli.run("request", "--usage", "WebServicesExternal", "--san", "dns:google.com")
                .fails(3);

        assertThat(refused.err()).contains("google.com").contains("policy").doesNotContain(Cli.FQDN + ",");
        assertThat(cli.thumbprints("personal")).isEmpty();
        assertThat(cli.run("audit").ok().out()).doesNotContain("request.online");
    }

    @Test
    void aSubjectNamingAHostOutsideThePolicyIsRefusedToo() {
        cli.run("request", "--usage", "WebServicesExternal", "--subject", "CN=www.google.com")
                .fails(3);

        assertThat(cli.thumbprints("personal")).isEmpty();
    }

    @Test
    void theServersOwnNamesAndTheirDomainsAreWithinTheDefaultPolicy() {
        String sibling = "other." + Cli.FQDN.substring(Cli.FQDN.indexOf('.') + 1);

        cli.run("request", "--usage", "Default,WebServicesExternal", "--san", "dns:" + sibling)
                .ok();

        assertThat(cli.thumbprints("personal")).hasSize(1);
    }

    @Test
    void thePolicyThatAllowsANameForAcmeAllowsItLocally() {
        Cli.runRaw("policy", "allow", ".corp.test", "--data", cli.data().toString())
                .ok();

        cli.run("request", "--usage", "WebServicesExternal", "--san", "dns:*.corp.test")
                .ok();

        assertThat(cli.thumbprints("personal")).hasSize(1);
    }

    @Test
    void outsidePolicyIssuesAnywayAndTheAuditLogSaysSo() {
        cli.run(
                        "request",
                        "--usage",
                        "WebServicesExternal",
                        "--san",
                        "dns:google.com",
                        "--outside-policy",
                        "--no-assign")
                .ok();

        assertThat(cli.thumbprints("personal")).hasSize(1);
        assertThat(cli.run("audit").ok().out()).contains("request.online").contains("outside-policy");
    }
}
