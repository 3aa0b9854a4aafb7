package io.certwiz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certwiz renew}, {@code usage set --renew-before}, {@code rollback}, and the renewal JSON of show and usages. */
class RenewCommandTest {
    @TempDir
    Path temp;

    Cli cli;

    @BeforeEach
    void setUp() {
        cli = Cli.in(temp);
        cli.init();
    }

    @Test
    void renewAllForceRenewsEveryAssignedCertificateAndTheJsonShowsLineageAndState() {
        String old = cli.request("Default,WebServicesInternal", "--validity", "30m");
        String external = cli.request("WebServicesExternal");

        JsonNode dry = cli.run("renew", "--all", "--dry-run", "--json").ok().json();
        assertThat(dry).hasSize(2);
        assertThat(dry.findValuesAsText("result")).containsOnly("NOT_DUE");
        assertThat(cli.run("renew", "--all", "--force", "--dry-run", "--json")
                        .ok()
                        .json()
                        .findValuesAsText("result"))
                .containsOnly("WOULD_RENEW");
        assertThat(RequestCommandTest.usage(cli, "Default").path("thumbprint").asText())
                .isEqualTo(old);

        JsonNode renewed = cli.run("renew", "--all", "--force", "--json").ok().json();
        assertThat(renewed.findValuesAsText("result")).containsOnly("RENEWED");
        JsonNode first = renewed.get(0).path("thumbprint").asText().equals(old) ? renewed.get(0) : renewed.get(1);
        String successor = first.path("renewedThumbprint").asText();
        assertThat(first.path("ca").asText()).isEqualTo("embedded");
        assertThat(RequestCommandTest.texts(first.path("usages"))).containsExactly("Default", "WebServicesInternal");
        assertThat(RequestCommandTest.usage(cli, "Default").path("thumbprint").asText())
                .isEqualTo(successor);
        assertThat(RequestCommandTest.usage(cli, "WebServicesInternal")
                        .path("thumbprint")
                        .asText())
                .isEqualTo(successor);
        assertThat(RequestCommandTest.usage(cli, "WebServicesExternal")
                        .path("thumbprint")
                        .asText())
                .isNotEqualTo(external);

        JsonNode shown = cli.run("show", successor, "--json").ok().json();
        assertThat(shown.path("replaces").asText()).isEqualTo(old);
        assertThat(shown.path("renewal").path("dueAt").asText()).matches("\\d{4}-.*Z");
        assertThat(shown.path("renewal").path("attempts").asInt()).isZero();
        assertThat(shown.path("renewal").has("lastError")).isFalse();
        assertThat(cli.run("show", old, "--json").ok().json().path("replacedBy").asText())
                .isEqualTo(successor);
        assertThat(cli.run("show", successor).ok().out())
                .contains("Renewal:")
                .contains("Replaces:")
                .contains(old);
        JsonNode row = RequestCommandTest.usage(cli, "Default");
        assertThat(row.path("renewal").path("dueAt").asText())
                .isEqualTo(shown.path("renewal").path("dueAt").asText());
        assertThat(cli.run("list", "--json").ok().out()).contains("\"replacedBy\"");
        assertThat(cli.run("audit", "--json").ok().out()).contains("\"renew\"");
    }

    @Test
    void renewByUsageOrThumbprintAndItsUsageErrors() {
        String old = cli.request("Default");

        Cli.Result text = cli.run("renew", "--usage", "Default").ok();
        assertThat(text.out()).startsWith("NOT_DUE " + old).contains("not due until");
        Cli.Result forced = cli.run("renew", old, "--force").ok();
        assertThat(forced.out()).startsWith("RENEWED " + old + " -> ").contains("took over Default");

        assertThat(cli.run("renew").failsWithOneLine(2).errLine())
                .isEqualTo("certwiz: name what to renew: a THUMBPRINT, --usage USAGE or --all");
        cli.run("renew", "--all", "--usage", "Default").failsWithOneLine(2);
        cli.run("renew", "--usage", "Nope").failsWithOneLine(2);
        cli.run("renew", "--usage", "WebServicesExternal").failsWithOneLine(4);
        cli.run("renew", "00".repeat(20)).failsWithOneLine(4);
    }

    @Test
    void usageSetRenewBeforeReplansTheUsagesCertificate() {
        String thumbprint = cli.request("Default", "--validity", "1h");

        JsonNode set = cli.run("usage", "set", "Default", "--renew-before", "50m", "--json")
                .ok()
                .json();

        assertThat(set.path("usage").asText()).isEqualTo("Default");
        assertThat(set.path("renewBefore").asText()).isEqualTo("50m");
        assertThat(set.path("thumbprint").asText()).isEqualTo(thumbprint);
        JsonNode row = RequestCommandTest.usage(cli, "Default");
        assertThat(row.path("renewBefore").asText()).isEqualTo("50m");
        assertThat(row.path("renewal").path("dueAt").asText())
                .isEqualTo(set.path("dueAt").asText());
        assertThat(cli.run("usage", "set", "Default", "--renew-before", "2%")
                        .failsWithOneLine(2)
                        .errLine())
                .contains("between 5% and 95%");
        assertThat(cli.run("usage", "set", "Default", "--renew-before", "soon")
                        .failsWithOneLine(2)
                        .errLine())
                .contains("--renew-before");
        cli.run("usage", "set", "Nope", "--renew-before", "30d").failsWithOneLine(2);
        assertThat(cli.run("usage", "set", "Default", "--renew-before", "default")
                        .ok()
                        .out())
                .contains("two thirds of the lifetime");
        assertThat(RequestCommandTest.usage(cli, "Default").has("renewBefore")).isFalse();
    }

    @Test
    void rollbackReturnsTheUsageToItsPreviousCertificate() {
        String first = cli.request("Default");
        String second = cli.request("Default");

        JsonNode back = cli.run("rollback", "--usage", "Default", "--json").ok().json();

        assertThat(back.path("usage").asText()).isEqualTo("Default");
        assertThat(back.path("thumbprint").asText()).isEqualTo(first);
        assertThat(back.path("previousThumbprint").asText()).isEqualTo(second);
        assertThat(RequestCommandTest.usage(cli, "Default").path("thumbprint").asText())
                .isEqualTo(first);
        assertThat(cli.run("rollback", "--usage", "Default").ok().out())
                .isEqualTo("Rolled back Default to " + second + " (from " + first + ")\n");
        assertThat(cli.run("rollback", "--usage", "WebServicesExternal")
                        .failsWithOneLine(4)
                        .errLine())
                .isEqualTo("certwiz: no certificate is assigned to WebServicesExternal");
        cli.run("rollback").fails(2);
    }
}
