package io.certwiz.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.server.support.Api;
import io.certwiz.server.support.TestServer;
import io.certwiz.server.support.Tls;
import io.certwiz.server.support.WizardSession;
import io.certwiz.testing.CertFactory;
import io.certwiz.testing.Tools;
import io.certwiz.usage.Usage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revocation through the REST API and the wizard, and the embedded CA's CRL and CA certificate served as
 * DER over plain HTTP (where its certificates point) and on the public listener; {@code openssl verify
 * -crl_check} with the served CRL refuses the revoked certificate.
 */
class PkiEndpointsTest {
    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.startWithHttp(dir);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static HttpResponse<byte[]> plain(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + server.server().httpPort() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
    }

    static X509CRL crl(byte[] der) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    }

    static X509Certificate stored(String thumbprint) {
        return server.certwiz().verifier().stored(thumbprint);
    }

    @Test
    void revokedThroughTheApiAndTheWizardAndServedInTheCrl() throws Exception {
        String byApi = server.request(List.of(Usage.Default), false, false);
        String byWizard = server.request(List.of(Usage.WebServicesInternal), false, false);
        String kept = server.request(List.of(Usage.WebServicesInternal), false, false);
        Api api = new Api(server);

        HttpResponse<String> revoked =
                api.post("/api/v1/certificates/" + byApi + "/revoke", "{\"reason\":\"superseded\"}");
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        JsonNode body = Api.json(revoked);
        assertThat(body.path("reason").asText()).isEqualTo("superseded");
        assertThat(body.path("thumbprint").asText()).isEqualTo(byApi);
        HttpResponse<String> again = api.post("/api/v1/certificates/" + byApi + "/revoke", "");
        assertThat(again.statusCode()).isEqualTo(422);
        assertThat(Api.json(again).path("exitCode").asInt()).isEqualTo(3);
        assertThat(api.post("/api/v1/certificates/" + byWizard + "/revoke", "{\"reason\":\"certificateHold\"}")
                        .statusCode())
                .isEqualTo(400);

        WizardSession wizard = WizardSession.login(server);
        assertThat(wizard.get("/certificates/" + byWizard).body())
                .contains("Not revoked")
                .contains("action=\"/certificates/" + byWizard + "/revoke\"");
        HttpResponse<String> posted = wizard.post("/certificates/" + byWizard + "/revoke", "reason", "keyCompromise");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(303);
        assertThat(wizard.get("/certificates/" + byWizard).body())
                .contains("Revoked")
                .contains("keyCompromise")
                .doesNotContain("/revoke\"");

        HttpResponse<byte[]> served = plain("/pki/crl/intermediate.crl");
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("application/pkix-crl");
        X509CRL list = crl(served.body());
        list.verify(server.certwiz().embeddedCa().intermediate().getPublicKey());
        assertThat(list.getRevokedCertificate(stored(byApi).getSerialNumber()).getRevocationReason())
                .isEqualTo(CRLReason.SUPERSEDED);
        assertThat(list.getRevokedCertificate(stored(byWizard).getSerialNumber())
                        .getRevocationReason())
                .isEqualTo(CRLReason.KEY_COMPROMISE);
        assertThat(list.getRevokedCertificate(stored(kept).getSerialNumber())).isNull();

        // The same CRL on the public listener, and the CA certificate over plain HTTP.
        HttpResponse<byte[]> external = Tls.insecureHttpClient()
                .send(
                        HttpRequest.newBuilder(server.uri(Usage.WebServicesExternal, "/pki/crl/intermediate.crl"))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(external.body()).isEqualTo(served.body());
        HttpResponse<byte[]> ca = plain("/pki/ca/intermediate.crt");
        assertThat(ca.statusCode()).isEqualTo(200);
        assertThat(ca.body())
                .isEqualTo(server.certwiz().embeddedCa().intermediate().getEncoded());
        // Anything else on plain HTTP is still a redirect to TLS.
        assertThat(plain("/pki/../api/v1/usages").statusCode()).isIn(301, 400, 404);
        assertThat(plain("/").statusCode()).isEqualTo(301);

        // openssl reads the served DER CRL and refuses the revoked certificate with it.
        Files.write(dir.resolve("crl.der"), served.body());
        Tools.openssl(dir, "crl", "-inform", "DER", "-in", "crl.der", "-out", "crl.pem")
                .ok();
        CertFactory.writePem(dir.resolve("root.pem"), server.root());
        CertFactory.writePem(
                dir.resolve("intermediate.pem"), server.certwiz().embeddedCa().intermediate());
        CertFactory.writePem(dir.resolve("revoked.pem"), stored(byApi));
        CertFactory.writePem(dir.resolve("kept.pem"), stored(kept));
        Tools.Run refused = Tools.openssl(
                dir,
                "verify",
                "-crl_check",
                "-CAfile",
                "root.pem",
                "-untrusted",
                "intermediate.pem",
                "-CRLfile",
                "crl.pem",
                "revoked.pem");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.out() + refused.err()).contains("certificate revoked");
        Tools.openssl(
                        dir,
                        "verify",
                        "-crl_check",
                        "-CAfile",
                        "root.pem",
                        "-untrusted",
                        "intermediate.pem",
                        "-CRLfile",
                        "crl.pem",
                        "kept.pem")
                .ok();
    }
}
