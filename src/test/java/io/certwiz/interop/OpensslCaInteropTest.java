package io.certwiz.interop;

import static io.certwiz.testing.Tools.openssl;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wizard's offline path with a CA certwiz does not know: an openssl root and intermediate sign
 * certwiz's offline request; certwiz imports the reply, reports the chain untrusted naming the missing
 * CA, refuses to assign, then assigns once the root and the intermediate are imported.
 */
class OpensslCaInteropTest {
    @TempDir
    Path temp;

    @Test
    void opensslCaSignsTheOfflineRequestAndAssignmentWaitsForItsChain() {
        OpensslCa ca = OpensslCa.create(temp, "acme");
        Cli cli = Cli.in(temp);
        cli.init();

        // certwiz request --offline --out FILE
        Path csr = temp.resolve("server.csr");
        long requestId = cli.run(
                        "request",
                        "--usage",
                        "Default,WebServicesExternal",
                        "--key",
                        "ec-p256",
                        "--offline",
                        "--out",
                        csr.toString(),
                        "--json")
                .ok()
                .json()
                .path("requestId")
                .asLong();
        openssl(temp, "req", "-in", csr.toString(), "-noout", "-verify").ok();
        String subject = openssl(temp, "req", "-in", csr.toString(), "-noout", "-subject")
                .ok()
                .out();
        assertThat(subject).contains("CN = " + Cli.POOL);

        // The CA signs it; its reply is the certificate alone.
        Path reply = ca.sign(csr, temp.resolve("reply.pem"), 90);
        String sans = openssl(temp, "x509", "-in", reply.toString(), "-noout", "-ext", "subjectAltName")
                .ok()
                .out();
        assertThat(sans)
                .contains("DNS:" + Cli.POOL, "DNS:" + Cli.FQDN, "DNS:sip." + Cli.SIP_DOMAIN, "DNS:" + Cli.WEB_EXTERNAL);

        // Import completes the request, but the chain is not trusted: exit 3, the missing CA named.
        Cli.Result imported = cli.run("import", reply.toString()).exit(3);
        String intermediateKeyId = OpensslCa.subjectKeyId(ca.intermediate);
        assertThat(imported.out())
                .contains("completed pending request " + requestId)
                .contains("CN=" + ca.intermediateName)
                .contains(intermediateKeyId)
                .contains("certwiz import");
        assertThat(cli.run("requests", "--json").ok().json()).isEmpty();
        String thumbprint = cli.thumbprints("personal").getFirst();
        JsonNode chain = cli.run("show", thumbprint, "--json").ok().json().path("chain");
        assertThat(chain.path("trusted").asBoolean()).isFalse();
        assertThat(chain.path("elements").get(1).path("status").asText()).isEqualTo("Missing");
        assertThat(chain.path("elements").get(1).path("keyIdentifier").asText()).isEqualTo(intermediateKeyId);
        assertThat(chain.path("problems").findValuesAsText("code")).contains("CA_NOT_FOUND");
        assertThat(state(cli, "Default")).isEqualTo("NotAssigned");

        // Assign is refused while the chain is untrusted.
        Cli.Result refused = cli.run("assign", thumbprint, "--usage", "Default").fails(3);
        assertThat(refused.err()).contains(ca.intermediateName);
        cli.run("verify", thumbprint).exit(3);

        // The root alone: self-signed, trusted only when asked for (--store root).
        cli.run("import", ca.root.toString()).fails(3);
        JsonNode rootImport = cli.run("import", ca.root.toString(), "--store", "root", "--json")
                .ok()
                .json();
        assertThat(rootImport.path("imported").get(0).path("store").asText()).isEqualTo("root");
        Cli.Result stillRefused =
                cli.run("assign", thumbprint, "--usage", "Default").fails(3);
        assertThat(stillRefused.err()).contains(ca.intermediateName);

        // The intermediate: a CA that is not self-signed goes to intermediate; now it assigns.
        JsonNode intermediateImport =
                cli.run("import", ca.intermediate.toString(), "--json").ok().json();
        assertThat(intermediateImport.path("imported").get(0).path("store").asText())
                .isEqualTo("intermediate");
        JsonNode assigned = cli.run("assign", thumbprint, "--usage", "Default,WebServicesExternal", "--json")
                .ok()
                .json();
        assertThat(assigned).hasSize(2);
        assertThat(state(cli, "Default")).isEqualTo("Assigned");
        assertThat(state(cli, "WebServicesExternal")).isEqualTo("Assigned");
        assertThat(cli.run("usages").ok().out()).contains("Assigned").contains(thumbprint);

        // certwiz and openssl agree that the chain is now good.
        cli.run("verify", thumbprint, "--usage", "Default").ok();
        openssl(
                        temp,
                        "verify",
                        "-CAfile",
                        ca.root.toString(),
                        "-untrusted",
                        ca.intermediate.toString(),
                        "-purpose",
                        "sslserver",
                        "-verify_hostname",
                        Cli.POOL,
                        reply.toString())
                .ok();
    }

    @Test
    void replyWithItsChainInOnePemTrustsNothingSilently() throws Exception {
        OpensslCa ca = OpensslCa.create(temp, "chain");
        Cli cli = Cli.in(temp);
        cli.init();
        Path csr = temp.resolve("server.csr");
        cli.run("request", "--usage", "Default", "--key", "ec-p256", "--offline", "--out", csr.toString())
                .ok();
        Path reply = ca.sign(csr, temp.resolve("reply.pem"), 90);
        Path bundle = temp.resolve("bundle.pem");
        Files.writeString(
                bundle, Files.readString(reply) + Files.readString(ca.intermediate) + Files.readString(ca.root));

        Cli.Result imported = cli.run("import", bundle.toString()).exit(3);

        // The root came with the chain: it waits in intermediate until imported with --store root.
        assertThat(imported.out()).contains("--store root");
        String thumbprint = cli.thumbprints("personal").getFirst();
        cli.run("assign", thumbprint, "--usage", "Default").fails(3);
        cli.run("import", ca.root.toString(), "--store", "root").ok();
        cli.run("assign", thumbprint, "--usage", "Default").ok();
    }

    @Test
    void replyForAnotherKeyMatchesNoPendingRequest() {
        OpensslCa ca = OpensslCa.create(temp, "other");
        Cli cli = Cli.in(temp);
        cli.init();
        cli.run(
                        "request",
                        "--usage",
                        "Default",
                        "--key",
                        "ec-p256",
                        "--offline",
                        "--out",
                        temp.resolve("mine.csr").toString())
                .ok();
        Path[] foreign = ca.server("foreign", List.of(Cli.POOL));
        String before = cli.snapshot();

        cli.run("import", foreign[1].toString()).failsWithOneLine(4);

        assertThat(cli.snapshot()).isEqualTo(before);
    }

    /** A usage's state from {@code usages --json}. */
    static String state(Cli cli, String usage) {
        for (JsonNode row : cli.run("usages", "--json").ok().json()) {
            if (row.path("usage").asText().equals(usage)) {
                return row.path("state").asText();
            }
        }
        throw new AssertionError("no usage " + usage);
    }
}
