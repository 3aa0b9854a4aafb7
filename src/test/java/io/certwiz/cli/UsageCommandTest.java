package io.certwiz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.testing.CertFactory;
import io.certwiz.testing.Cli;
import io.certwiz.x509.Thumbprint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code usage set Default --client-roots} and {@code usage show}: the choice, what it trusts, the audit
 * entry, and one-line errors with their exit codes that change nothing.
 */
class UsageCommandTest {
    @TempDir
    Path temp;

    Cli cli;
    String partner;

    @BeforeEach
    void setUp() {
        cli = Cli.in(temp);
        cli.init();
        cli.request("Default");
        CertFactory.Issued root = CertFactory.root("Partner Root CA");
        partner = Thumbprint.of(root.certificate()).hex();
        Path file = CertFactory.writePem(temp.resolve("partner.pem"), root.certificate());
        cli.run("import", file.toString(), "--store", "root").ok();
    }

    private JsonNode show() {
        return cli.run("usage", "show", "Default", "--json").ok().json();
    }

    private static List<String> trusted(JsonNode clientRoots) {
        List<String> out = new ArrayList<>();
        clientRoots.path("roots").forEach(r -> {
            if (r.path("trusted").asBoolean()) {
                out.add(r.path("subject").asText() + " " + r.path("because"));
            }
        });
        return out;
    }

    @Test
    void theDefaultTrustsTheEmbeddedRootOnly() {
        JsonNode shown = show();
        assertThat(shown.path("usage").asText()).isEqualTo("Default");
        JsonNode roots = shown.path("clientRoots");
        assertThat(roots.path("clientRoots").asText()).isEqualTo("default");
        assertThat(roots.path("roots")).hasSize(2);
        assertThat(trusted(roots)).singleElement().asString().contains("[\"embedded\",\"assigned\"]");
        assertThat(cli.run("usage", "show", "Default").ok().out())
                .contains("Default trusts client certificates that chain to (default)")
                .doesNotContain("Partner Root CA");
    }

    @Test
    void aListAllAndBackToDefaultAuditedEachTime() {
        JsonNode set = cli.run(
                        "usage", "set", "Default", "--client-roots", "embedded, " + partner.toLowerCase(), "--json")
                .ok()
                .json();
        assertThat(set.path("clientRoots").asText()).isEqualTo("embedded," + partner);
        assertThat(trusted(set)).hasSize(2).anyMatch(t -> t.contains("CN=Partner Root CA") && t.contains("listed"));

        assertThat(set.path("warnings"))
                .as("the embedded root is the assigned one here")
                .isEmpty();
        assertThat(cli.run("usage", "set", "Default", "--client-roots", partner)
                        .ok()
                        .out())
                .contains("Warning: the root of the certificate assigned to Default");

        JsonNode all = cli.run("usage", "set", "Default", "--client-roots", "all", "--json")
                .ok()
                .json();
        assertThat(trusted(all)).hasSize(2).allMatch(t -> t.contains("all"));
        assertThat(all.path("warnings")).isEmpty();

        cli.run("usage", "set", "Default", "--client-roots", "default").ok();
        assertThat(show().path("clientRoots").path("clientRoots").asText()).isEqualTo("default");

        String audit = cli.run("audit", "--json").ok().out();
        assertThat(audit)
                .contains("client-roots=embedded," + partner)
                .contains("client-roots=all")
                .contains("client-roots=default");
    }

    @Test
    void badChoicesFailOnOneLineAndChangeNothing() {
        cli.run("usage", "set", "Default", "--client-roots", "embedded").ok();
        String before = show().toString();

        assertThat(cli.run("usage", "set", "Default", "--client-roots", "partner")
                        .failsWithOneLine(2)
                        .errLine())
                .contains("not a client root");
        assertThat(cli.run("usage", "set", "Default", "--client-roots", "all,embedded")
                        .failsWithOneLine(2)
                        .errLine())
                .contains("'all' stands alone");
        assertThat(cli.run("usage", "set", "Default", "--client-roots", "embedded,,assigned")
                        .failsWithOneLine(2)
                        .errLine())
                .contains("empty item");
        assertThat(cli.run("usage", "set", "Default", "--client-roots", "AB".repeat(20))
                        .failsWithOneLine(4)
                        .errLine())
                .contains("in the root store");
        assertThat(cli.run("usage", "set", "WebServicesInternal", "--client-roots", "all")
                        .failsWithOneLine(2)
                        .errLine())
                .contains("only Default asks for client certificates");
        cli.run("usage", "set", "Default").exit(2);
        cli.run("usage", "set", "Default", "--client-roots", "all", "--renew-before", "30d")
                .exit(2);

        assertThat(show().toString()).isEqualTo(before);
    }

    @Test
    void renewBeforeStillSetsAloneAndShows() {
        JsonNode set = cli.run("usage", "set", "Default", "--renew-before", "30d", "--json")
                .ok()
                .json();
        assertThat(set.path("renewBefore").asText()).isEqualTo("30d");
        assertThat(show().path("renewBefore").asText()).isEqualTo("30d");
        JsonNode internal =
                cli.run("usage", "show", "WebServicesInternal", "--json").ok().json();
        assertThat(internal.path("clientRoots").isNull()
                        || internal.path("clientRoots").isMissingNode())
                .isTrue();
    }
}
