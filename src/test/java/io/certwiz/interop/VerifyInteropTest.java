package io.certwiz.interop;

import static io.certwiz.testing.Tools.openssl;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.testing.Cli;
import io.certwiz.testing.Tools;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openssl verify} and {@code certwiz verify} agree on good and broken chains: each case runs both
 * with the same files and options, and checks they agree and give the expected answer.
 */
class VerifyInteropTest {
    @TempDir
    static Path temp;

    static Path root;
    static Path intermediate;
    static Path leaf;
    static Path webLeaf;
    static Path otherRoot;
    static Instant notBefore;
    static Instant notAfter;
    static Cli noStore;

    @BeforeAll
    static void issue() {
        Cli cli = Cli.in(temp);
        JsonNode init = cli.init("--json").json();
        root = export(cli, init.path("rootThumbprint").asText(), "root.pem");
        intermediate = export(cli, init.path("intermediateThumbprint").asText(), "intermediate.pem");
        String thumbprint = cli.request("Default", "--san", "dns:*.apps.example.com", "--san", "ip:192.0.2.5");
        leaf = export(cli, thumbprint, "leaf.pem");
        webLeaf = export(cli, cli.request("WebServicesInternal"), "web.pem");
        JsonNode view = cli.run("show", thumbprint, "--json").ok().json();
        notBefore = Instant.parse(view.path("notBefore").asText());
        notAfter = Instant.parse(view.path("notAfter").asText());
        otherRoot = OpensslCa.create(temp, "other").root;
        // certwiz verify on files alone, without any store: like openssl verify.
        noStore = new Cli(temp.resolve("no-store"));
    }

    private static Path export(Cli cli, String thumbprint, String name) {
        Path file = temp.resolve(name);
        cli.run("export", thumbprint, "--out", file.toString()).ok();
        return file;
    }

    /** One case: the trust anchor, the untrusted intermediates, and extra options for each tool. */
    private static void agree(
            boolean expected,
            Path target,
            Path trusted,
            Path untrusted,
            List<String> opensslOptions,
            List<String> certwizOptions) {
        List<String> opensslArgs = new ArrayList<>(List.of("verify", "-CAfile", trusted.toString()));
        if (untrusted != null) {
            opensslArgs.addAll(List.of("-untrusted", untrusted.toString()));
        }
        opensslArgs.addAll(opensslOptions);
        opensslArgs.add(target.toString());
        Tools.Run openssl = openssl(temp, opensslArgs.toArray(String[]::new));

        List<String> certwizArgs = new ArrayList<>(List.of(target.toString(), "--trusted", trusted.toString()));
        if (untrusted != null) {
            certwizArgs.addAll(List.of("--untrusted", untrusted.toString()));
        }
        certwizArgs.addAll(certwizOptions);
        certwizArgs.add("--json");
        Cli.Result certwiz = noStore.run("verify", certwizArgs.toArray(String[]::new));

        boolean opensslValid = openssl.exitCode() == 0 && openssl.out().contains(": OK");
        boolean certwizValid =
                certwiz.exitCode() == 0 && certwiz.json().path("valid").asBoolean();
        String description = "openssl " + opensslArgs + " -> " + openssl.out() + openssl.err() + "\ncertwiz "
                + certwizArgs + " -> exit " + certwiz.exitCode() + " " + certwiz.out() + certwiz.err();
        assertThat(certwizValid)
                .as("certwiz agrees with openssl:%n%s", description)
                .isEqualTo(opensslValid);
        assertThat(opensslValid).as("expected verdict:%n%s", description).isEqualTo(expected);
        assertThat(certwiz.exitCode()).as(description).isEqualTo(expected ? 0 : 3);
    }

    private static String epoch(Instant at) {
        return String.valueOf(at.getEpochSecond());
    }

    @Test
    void goodChain() {
        agree(true, leaf, root, intermediate, List.of(), List.of());
    }

    @Test
    void missingIntermediate() {
        agree(false, leaf, root, null, List.of(), List.of());
    }

    @Test
    void wrongRoot() {
        agree(false, leaf, otherRoot, intermediate, List.of(), List.of());
    }

    @Test
    void anIntermediateGivenAsTrustedIsAnAnchorLikeOpensslPartialChain() {
        // certwiz takes every --trusted certificate as a trust anchor, as openssl does with -partial_chain
        // (without it, openssl insists on a self-signed anchor).
        agree(true, leaf, intermediate, null, List.of("-partial_chain"), List.of());
    }

    @Test
    void expiredAtTime() {
        Instant later = notAfter.plus(Duration.ofDays(1));
        agree(false, leaf, root, intermediate, List.of("-attime", epoch(later)), List.of("--at", later.toString()));
    }

    @Test
    void validAtATimeInsideTheValidity() {
        Instant during = notAfter.minus(Duration.ofDays(2));
        agree(true, leaf, root, intermediate, List.of("-attime", epoch(during)), List.of("--at", during.toString()));
    }

    @Test
    void notYetValidAtTime() {
        Instant before = notBefore.minus(Duration.ofDays(1));
        agree(false, leaf, root, intermediate, List.of("-attime", epoch(before)), List.of("--at", before.toString()));
    }

    @Test
    void nameMismatch() {
        agree(
                false,
                leaf,
                root,
                intermediate,
                List.of("-verify_hostname", "mail.example.com"),
                List.of("--dns-name", "mail.example.com"));
    }

    @Test
    void nameMatches() {
        agree(true, leaf, root, intermediate, List.of("-verify_hostname", Cli.POOL), List.of("--dns-name", Cli.POOL));
    }

    @Test
    void wildcardCoversOneLabelOnly() {
        agree(
                true,
                leaf,
                root,
                intermediate,
                List.of("-verify_hostname", "api.apps.example.com"),
                List.of("--dns-name", "api.apps.example.com"));
        agree(
                false,
                leaf,
                root,
                intermediate,
                List.of("-verify_hostname", "a.b.apps.example.com"),
                List.of("--dns-name", "a.b.apps.example.com"));
        agree(
                false,
                leaf,
                root,
                intermediate,
                List.of("-verify_hostname", "apps.example.com"),
                List.of("--dns-name", "apps.example.com"));
    }

    @Test
    void ipAddress() {
        agree(true, leaf, root, intermediate, List.of("-verify_ip", "192.0.2.5"), List.of("--ip", "192.0.2.5"));
        agree(false, leaf, root, intermediate, List.of("-verify_ip", "192.0.2.6"), List.of("--ip", "192.0.2.6"));
    }

    @Test
    void extendedKeyUsage() {
        agree(true, leaf, root, intermediate, List.of("-purpose", "sslclient"), List.of("--eku", "clientAuth"));
        agree(true, webLeaf, root, intermediate, List.of("-purpose", "sslserver"), List.of("--eku", "serverAuth"));
        agree(false, webLeaf, root, intermediate, List.of("-purpose", "sslclient"), List.of("--eku", "clientAuth"));
    }

    @Test
    void storeBasedVerifyAgreesWithOpensslOnTheExportedChain() {
        Cli cli = Cli.in(temp);
        for (JsonNode certificate :
                cli.run("list", "--store", "personal", "--json").ok().json()) {
            cli.run("verify", certificate.path("thumbprint").asText()).ok();
        }
        openssl(temp, "verify", "-CAfile", root.toString(), "-untrusted", intermediate.toString(), leaf.toString())
                .ok();
        openssl(temp, "verify", "-CAfile", root.toString(), "-untrusted", intermediate.toString(), webLeaf.toString())
                .ok();
    }
}
