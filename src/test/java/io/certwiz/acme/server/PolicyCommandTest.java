package io.certwiz.acme.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.testing.Cli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certwiz policy ...} and {@code certwiz acme eab ...} through the real command line. */
class PolicyCommandTest {
    @TempDir
    Path tmp;

    /** Runs {@code certwiz ARGS... --data DIR}: the subcommands sit under "policy" and "acme eab". */
    Cli.Result run(String... args) {
        List<String> full = new ArrayList<>(List.of(args));
        full.add("--data");
        full.add(tmp.resolve("data").toString());
        return Cli.runRaw(full.toArray(String[]::new));
    }

    static List<String> lines(JsonNode view) {
        List<String> out = new ArrayList<>();
        for (JsonNode line : view.path("names")) {
            out.add(line.path("action").asText() + " " + line.path("pattern").asText() + " "
                    + line.path("source").asText());
        }
        return out;
    }

    @Test
    void defaultsAreTheServerIdentityDomainsThenAllowAndDenyChangeThem() {
        Cli cli = new Cli(tmp.resolve("data"));
        cli.init();
        JsonNode defaults = run("policy", "list", "--json").ok().json();
        assertThat(lines(defaults))
                .contains(
                        "allow srv.example.com default",
                        "allow pool.example.com default",
                        "allow www.example.com default",
                        "allow example.com default",
                        "allow .example.com default");
        assertThat(defaults.path("lifetimeDays").asInt()).isEqualTo(90);
        assertThat(defaults.path("clientAuth").asBoolean()).isFalse();

        JsonNode allowed = run("policy", "allow", ".Corp.Test", "--json").ok().json();
        assertThat(lines(allowed)).contains("allow .corp.test store", "allow .example.com store");
        JsonNode denied =
                run("policy", "deny", "bad.example.com", "--json").ok().json();
        assertThat(lines(denied)).contains("deny bad.example.com store");

        String text = run("policy", "list").ok().out();
        assertThat(text)
                .contains("deny   bad.example.com")
                .contains("allow  .corp.test")
                .contains("Lifetime:   90 days");

        JsonNode set = run(
                        "policy",
                        "set",
                        "--lifetime-days",
                        "30",
                        "--key-types",
                        "ec-p256,rsa-3072",
                        "--client-auth",
                        "true",
                        "--json")
                .ok()
                .json();
        assertThat(set.path("lifetimeDays").asInt()).isEqualTo(30);
        assertThat(set.path("keyTypes").toString()).isEqualTo("[\"rsa-3072\",\"ec-p256\"]");
        assertThat(set.path("clientAuth").asBoolean()).isTrue();

        run("policy", "allow", "*.example.com").failsWithOneLine(2);
        run("policy", "set", "--lifetime-days", "0").failsWithOneLine(2);
        run("policy", "remove", "nothing.example.com").failsWithOneLine(4);
        assertThat(lines(run("policy", "remove", "bad.example.com", "--json")
                        .ok()
                        .json()))
                .doesNotContain("deny bad.example.com store");
    }

    @Test
    void eabKeysAreShownOnceAndListedWithoutTheirHmac() {
        Cli cli = new Cli(tmp.resolve("data"));
        cli.init();
        JsonNode created = run("acme", "eab", "add", "team-a", "--json").ok().json();
        String hmac = created.path("hmacKey").asText();
        assertThat(hmac).matches("[A-Za-z0-9_-]{43}");
        run("acme", "eab", "add", "team-a").failsWithOneLine(3);

        String listed = run("acme", "eab", "list", "--json").ok().out();
        assertThat(listed).contains("team-a").doesNotContain(hmac);
        assertThat(run("acme", "eab", "require", "true", "--json")
                        .ok()
                        .json()
                        .path("required")
                        .asBoolean())
                .isTrue();
        run("acme", "eab", "remove", "team-a").ok();
        run("acme", "eab", "remove", "team-a").failsWithOneLine(4);
    }
}
