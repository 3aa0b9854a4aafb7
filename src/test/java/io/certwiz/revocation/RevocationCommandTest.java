package io.certwiz.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.certwiz.ca.RevocationReason;
import io.certwiz.server.support.TestServer;
import io.certwiz.testing.CertFactory;
import io.certwiz.testing.Cli;
import io.certwiz.usage.Usage;
import io.certwiz.usage.UsageStatus;
import io.certwiz.x509.Thumbprint;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x509.CRLReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revocation in {@code verify} and in the assignment checks, end to end: the CRL fetched from the
 * embedded CA's distribution point over plain HTTP or given with --crl, OCSP with --ocsp, each policy
 * (hard, soft, off) and the {@code revocation} JSON; a revoked certificate is not assigned (exit 3), one
 * from an outside CA whose CRL revokes it neither, and one whose CRL cannot be fetched is assigned with a
 * warning under soft fail and refused under hard; an assigned certificate that is revoked shows as Revoked
 * and is listed for the alerts and renewal to act on.
 */
class RevocationCommandTest {
    @TempDir
    static Path dir;

    static TestServer server;
    static HttpServer outsideCrls;
    static final Map<String, byte[]> SERVED = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.startWithPki(dir);
        outsideCrls = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        outsideCrls.createContext("/", exchange -> {
            byte[] body = SERVED.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().add("Content-Type", "application/pkix-crl");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        outsideCrls.start();
    }

    @AfterAll
    static void stop() {
        if (outsideCrls != null) {
            outsideCrls.stop(0);
        }
        if (server != null) {
            server.close();
        }
    }

    /** The certificate files of one leaf from the embedded CA: leaf, root, intermediate. */
    static Path files(String thumbprint) throws Exception {
        Path at = Files.createDirectories(dir.resolve("files-" + thumbprint));
        CertFactory.writePem(at.resolve("leaf.pem"), server.certwiz().verifier().stored(thumbprint));
        CertFactory.writePem(at.resolve("root.pem"), server.root());
        CertFactory.writePem(
                at.resolve("intermediate.pem"), server.certwiz().embeddedCa().intermediate());
        return at;
    }

    /** {@code certwiz verify} with files only, no data directory (no ledger: the CRL or OCSP decides). */
    static Cli.Result verify(Path files, String... more) {
        Cli none = new Cli(dir.resolve("no-data-" + System.nanoTime()));
        List<String> args = new java.util.ArrayList<>(List.of(
                files.resolve("leaf.pem").toString(),
                "--trusted",
                files.resolve("root.pem").toString(),
                "--untrusted",
                files.resolve("intermediate.pem").toString(),
                "--json"));
        args.addAll(List.of(more));
        return none.run("verify", args.toArray(String[]::new));
    }

    @Test
    void verifyFetchesTheCrlAsksOcspAndAppliesThePolicy() throws Exception {
        String thumbprint = server.request(List.of(Usage.Default), false, false);
        Path files = files(thumbprint);

        JsonNode good = verify(files).ok().json();
        assertThat(good.path("revocation").path("status").asText())
                .as(good.toString())
                .isEqualTo("good");
        assertThat(good.path("revocation").path("source").asText()).isEqualTo("crl");
        assertThat(good.path("revocation").path("when").asText()).isNotEmpty();
        assertThat(good.path("revocation")
                        .path("certificates")
                        .get(0)
                        .path("url")
                        .asText())
                .endsWith("/pki/crl/intermediate.crl");

        server.certwiz().revocations().revoke(new Thumbprint(thumbprint), RevocationReason.keyCompromise);
        server.server().refresh();

        Cli.Result refused = verify(files).exit(3);
        JsonNode revoked = refused.json();
        assertThat(revoked.path("valid").asBoolean()).isFalse();
        assertThat(revoked.path("revocation").path("status").asText()).isEqualTo("revoked");
        assertThat(revoked.path("revocation").path("reason").asText()).isEqualTo("keyCompromise");
        assertThat(revoked.path("problems").findValuesAsText("code")).contains("REVOKED");

        JsonNode byOcsp = verify(files, "--ocsp").exit(3).json();
        assertThat(byOcsp.path("revocation").path("source").asText()).isEqualTo("ocsp");
        assertThat(byOcsp.path("revocation").path("status").asText()).isEqualTo("revoked");

        // Offline: soft fail warns and accepts, hard fail refuses, off does not check.
        JsonNode soft = verify(files, "--no-crl-fetch").ok().json();
        assertThat(soft.path("revocation").path("status").asText()).isEqualTo("unknown");
        assertThat(soft.path("warnings").findValuesAsText("code")).containsExactly("REVOCATION_UNKNOWN");
        assertThat(verify(files, "--no-crl-fetch", "--revocation", "hard")
                        .exit(3)
                        .json()
                        .path("problems")
                        .findValuesAsText("code"))
                .contains("REVOCATION_UNKNOWN");
        assertThat(verify(files, "--revocation", "off")
                        .ok()
                        .json()
                        .path("revocation")
                        .path("status")
                        .asText())
                .isEqualTo("unchecked");
        verify(files, "--revocation", "sometimes").fails(2);

        // The CRL as a file: the served DER, read without fetching.
        HttpResponse<byte[]> crl = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create(server.certwiz().embeddedCa().crlUrl()))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        Path crlFile = Files.write(files.resolve("intermediate.crl"), crl.body());
        JsonNode given = verify(files, "--no-crl-fetch", "--crl", crlFile.toString())
                .exit(3)
                .json();
        assertThat(given.path("revocation").path("status").asText()).isEqualTo("revoked");
        assertThat(given.path("revocation").path("certificates").get(0).has("url"))
                .isFalse();
        verify(files, "--crl", files.resolve("leaf.pem").toString()).fails(1);

        // Text output says it too.
        Cli none = new Cli(dir.resolve("no-data-text"));
        assertThat(none.run(
                                "verify",
                                files.resolve("leaf.pem").toString(),
                                "--trusted",
                                files.resolve("root.pem").toString(),
                                "--untrusted",
                                files.resolve("intermediate.pem").toString())
                        .exit(3)
                        .out())
                .contains("Revocation (soft): revoked")
                .contains("keyCompromise");
    }

    @Test
    void aRevokedCertificateIsNotAssignedAndOneAssignedShowsRevoked() {
        Cli cli = new Cli(server.dataDir());
        String revoked = server.request(List.of(Usage.Default), false, false);
        server.certwiz().revocations().revoke(new Thumbprint(revoked), RevocationReason.superseded);
        Cli.Result refused =
                cli.run("assign", revoked, "--usage", "Default", "--json").fails(3);
        assertThat(refused.json().path("error").path("problems").findValuesAsText("code"))
                .as(refused.out())
                .contains("REVOKED");
        assertThat(cli.run("assign", revoked, "--usage", "Default", "--revocation", "off")
                        .ok()
                        .out())
                .contains("Assigned " + revoked);

        String good = server.request(List.of(Usage.WebServicesInternal), false, false);
        JsonNode assigned = cli.run("assign", good, "--usage", "WebServicesInternal", "--json")
                .ok()
                .json();
        assertThat(assigned.get(0).path("revocation").path("status").asText()).isEqualTo("good");
        assertThat(assigned.get(0).path("revocation").path("source").asText()).isEqualTo("embedded-ca");

        server.certwiz().revocations().revoke(new Thumbprint(good), RevocationReason.keyCompromise);
        assertThat(server.certwiz().assignments().usages().stream()
                        .filter(u -> u.usage().equals("WebServicesInternal"))
                        .findFirst()
                        .orElseThrow()
                        .state())
                .isEqualTo(UsageStatus.REVOKED);
        assertThat(server.certwiz().assignments().revokedAssignments())
                .extracting(a -> a.usage() + " " + a.thumbprint())
                .contains("WebServicesInternal " + good, "Default " + revoked);
    }

    @Test
    void anOutsideCasCertificateIsCheckedAgainstItsCrl() throws Exception {
        Cli cli = Cli.in(dir.resolve("outside"));
        cli.init();
        CertFactory.Issued root = RevocationPki.root("Outside Revocation Root");
        String base = "http://127.0.0.1:" + outsideCrls.getAddress().getPort();
        CertFactory.Issued revoked =
                RevocationPki.leaf(Cli.WEB_INTERNAL, root, null, RevocationPki.url(base + "/revoked.crl"));
        CertFactory.Issued unreachable =
                RevocationPki.leaf(Cli.WEB_INTERNAL, root, null, RevocationPki.url(base + "/missing.crl"));
        SERVED.put(
                "/revoked.crl",
                new RevocationPki.Crl()
                        .revoke(revoked.certificate(), CRLReason.keyCompromise)
                        .signedBy(root)
                        .getEncoded());
        cli.run(
                        "import",
                        CertFactory.writePem(dir.resolve("outside-root.pem"), root.certificate())
                                .toString(),
                        "--store",
                        "root")
                .ok();
        String revokedThumbprint = importPfx(cli, revoked, "revoked");
        String unreachableThumbprint = importPfx(cli, unreachable, "unreachable");

        Cli.Result refused = cli.run("assign", revokedThumbprint, "--usage", "WebServicesInternal", "--json")
                .fails(3);
        assertThat(refused.err()).contains("revoked");
        assertThat(refused.json().path("error").path("problems").findValuesAsText("code"))
                .contains("REVOKED");

        cli.run("assign", unreachableThumbprint, "--usage", "WebServicesInternal", "--revocation", "hard")
                .fails(3);
        Cli.Result soft = cli.run("assign", unreachableThumbprint, "--usage", "WebServicesInternal", "--json")
                .ok();
        assertThat(soft.err()).contains("warning").contains("missing.crl");
        assertThat(soft.json().get(0).path("revocation").path("status").asText())
                .isEqualTo("unknown");
    }

    static String importPfx(Cli cli, CertFactory.Issued leaf, String name) throws Exception {
        char[] password = "pw".toCharArray();
        Path pfx = CertFactory.write(
                dir.resolve(name + ".pfx"), CertFactory.pfx(leaf.key(), password, leaf.certificate()));
        Path passwordFile = Files.writeString(dir.resolve(name + ".pw"), "pw\n");
        cli.run("import", pfx.toString(), "--password-file", passwordFile.toString())
                .ok();
        X509Certificate certificate = leaf.certificate();
        return Thumbprint.of(certificate).hex();
    }
}
