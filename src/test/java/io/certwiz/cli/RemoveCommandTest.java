package io.certwiz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.testing.Cli;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certwiz remove}. */
class RemoveCommandTest {
    @TempDir
    Path temp;

    Cli cli;

    @BeforeEach
    void setUp() {
        cli = Cli.in(temp);
        cli.init();
    }

    @Test
    void anAssignedCertificateCannotBeRemoved() {
        String thumbprint = cli.request("Default,WebServicesInternal");
        String before = cli.snapshot();

        Cli.Result refused = cli.run("remove", thumbprint).failsWithOneLine(3);

        assertThat(refused.err())
                .contains("Default")
                .contains("WebServicesInternal")
                .contains("unassign");
        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void removesOnceUnassigned() {
        String thumbprint = cli.request("Default");
        cli.run("unassign", "--usage", "Default").ok();

        JsonNode removed = cli.run("remove", thumbprint.toLowerCase(Locale.ROOT), "--json")
                .ok()
                .json();

        assertThat(removed.path("thumbprint").asText()).isEqualTo(thumbprint);
        assertThat(removed.path("store").asText()).isEqualTo("personal");
        assertThat(cli.thumbprints("personal")).isEmpty();
        cli.run("show", thumbprint).failsWithOneLine(4);
        cli.run("remove", thumbprint).failsWithOneLine(4);
    }

    @Test
    void removingAnotherCertificateKeepsTheAssignedOne() {
        String assigned = cli.request("Default");
        String spare = cli.request("Default", "--no-assign");

        Cli.Result text = cli.run("remove", spare).ok();

        assertThat(text.out()).contains("Removed " + spare).contains("personal");
        assertThat(cli.thumbprints("personal")).containsExactly(assigned);
        cli.run("verify", assigned).ok();
    }

    @Test
    void badThumbprints() {
        cli.run("remove", "12".repeat(20)).failsWithOneLine(4);
        cli.run("remove", "Default").failsWithOneLine(2);
        cli.run("remove").exit(2);
    }
}
