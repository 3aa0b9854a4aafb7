package io.certwiz.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.ca.RevocationReason;
import io.certwiz.crypto.Providers;
import io.certwiz.server.support.TestServer;
import io.certwiz.testing.CertFactory;
import io.certwiz.testing.Tools;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded CA's RFC 6960 responder over plain HTTP: good, revoked and unknown, by POST and by GET,
 * signed by a delegated responder (id-kp-OCSPSigning, ocsp-nocheck) that the issuing CA issued, signed
 * ahead and served as kept; refusals for other issuers and malformed requests; and {@code openssl ocsp}
 * as the client sees the same.
 */
class OcspResponderTest {
    @TempDir
    static Path dir;

    static TestServer server;
    static X509Certificate intermediate;

    @BeforeAll
    static void start() {
        server = TestServer.startWithHttp(dir);
        intermediate = server.certwiz().embeddedCa().intermediate();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.server().httpPort() + path);
    }

    static CertificateID id(X509Certificate issuer, BigInteger serial) throws Exception {
        return new CertificateID(
                new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new X509CertificateHolder(issuer.getEncoded()),
                serial);
    }

    static OCSPResp post(byte[] request) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(url("/pki/ocsp"))
                                .header("Content-Type", "application/ocsp-request")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(request))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/ocsp-response");
        return new OCSPResp(response.body());
    }

    static byte[] request(CertificateID id) throws Exception {
        return new OCSPReqBuilder().addRequest(id).build().getEncoded();
    }

    /** The one answer of a successful response, after checking who signed it. */
    static SingleResp answer(OCSPResp response) throws Exception {
        assertThat(response.getStatus()).isEqualTo(0);
        BasicOCSPResp basic = (BasicOCSPResp) response.getResponseObject();
        X509CertificateHolder[] certs = basic.getCerts();
        assertThat(certs).hasSize(1);
        X509Certificate responder = new JcaX509CertificateConverter().getCertificate(certs[0]);
        responder.verify(intermediate.getPublicKey());
        assertThat(responder.getExtendedKeyUsage()).containsExactly(KeyPurposeId.id_kp_OCSPSigning.getId());
        assertThat(certs[0].getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck))
                .isNotNull();
        assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder()
                        .setProvider(Providers.bc())
                        .build(certs[0])))
                .isTrue();
        assertThat(basic.getResponses()).hasSize(1);
        SingleResp single = basic.getResponses()[0];
        assertThat(single.getNextUpdate()).isAfter(single.getThisUpdate());
        return single;
    }

    static X509Certificate issue() {
        return server.certwiz().verifier().stored(server.request(List.of(Usage.Default), false, false));
    }

    @Test
    void goodRevokedAndUnknownByPostAndGet() throws Exception {
        X509Certificate good = issue();
        X509Certificate revoked = issue();
        server.certwiz().revocations().revoke(Thumbprint.of(revoked), RevocationReason.keyCompromise);
        server.server().refresh();

        assertThat(answer(post(request(id(intermediate, good.getSerialNumber()))))
                        .getCertStatus())
                .isEqualTo(CertificateStatus.GOOD);
        Object status = answer(post(request(id(intermediate, revoked.getSerialNumber()))))
                .getCertStatus();
        assertThat(status).isInstanceOf(RevokedStatus.class);
        assertThat(((RevokedStatus) status).getRevocationReason()).isEqualTo(1);
        assertThat(answer(post(request(id(intermediate, BigInteger.valueOf(12345)))))
                        .getCertStatus())
                .isInstanceOf(UnknownStatus.class);

        // GET: the request base64 and URL-encoded in the path; the same kept response as by POST.
        byte[] goodRequest = request(id(intermediate, good.getSerialNumber()));
        String path = "/pki/ocsp/"
                + URLEncoder.encode(Base64.getEncoder().encodeToString(goodRequest), StandardCharsets.US_ASCII);
        HttpResponse<byte[]> got = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(url(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("max-age"));
        assertThat(answer(new OCSPResp(got.body())).getCertStatus()).isEqualTo(CertificateStatus.GOOD);
        assertThat(got.body()).isEqualTo(post(goodRequest).getEncoded());
    }

    @Test
    void refusesOtherIssuersAndMalformedRequests() throws Exception {
        CertFactory.Issued outside = CertFactory.root("Outside OCSP Root");
        assertThat(post(request(id(outside.certificate(), BigInteger.TEN))).getStatus())
                .isEqualTo(6); // unauthorized
        assertThat(post(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}).getStatus()).isEqualTo(1); // malformedRequest
        HttpResponse<String> wrongType = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(url("/pki/ocsp"))
                                .POST(HttpRequest.BodyPublishers.ofString("x"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(wrongType.statusCode()).isEqualTo(415);
    }

    @Test
    void aRevocationElsewhereIsAnsweredWithinSeconds() throws Exception {
        X509Certificate leaf = issue();
        byte[] request = request(id(intermediate, leaf.getSerialNumber()));
        assertThat(answer(post(request)).getCertStatus()).isEqualTo(CertificateStatus.GOOD);
        // Revoked by another process (the CLI), not through this server: no refresh here.
        server.certwiz().as("cli:other").revocations().revoke(Thumbprint.of(leaf), RevocationReason.superseded);
        Supplier<Object> status = () -> {
            try {
                return answer(post(request)).getCertStatus();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        Instant limit = Instant.now().plus(Duration.ofSeconds(10));
        while (!(status.get() instanceof RevokedStatus) && Instant.now().isBefore(limit)) {
            Thread.sleep(100);
        }
        assertThat(status.get()).isInstanceOf(RevokedStatus.class);
    }

    @Test
    void opensslOcspAsTheClient() throws Exception {
        X509Certificate good = issue();
        X509Certificate revoked = issue();
        server.certwiz().revocations().revoke(Thumbprint.of(revoked), RevocationReason.cessationOfOperation);
        server.server().refresh();
        CertFactory.writePem(dir.resolve("root.pem"), server.root());
        CertFactory.writePem(dir.resolve("intermediate.pem"), intermediate);
        CertFactory.writePem(dir.resolve("good.pem"), good);
        CertFactory.writePem(dir.resolve("revoked.pem"), revoked);
        String url = url("/pki/ocsp").toString();
        List<String> common = List.of(
                "ocsp",
                "-issuer",
                "intermediate.pem",
                "-CAfile",
                "root.pem",
                "-verify_other",
                "intermediate.pem",
                "-url",
                url);

        Tools.Run goodRun = openssl(common, "-cert", "good.pem").ok();
        assertThat(goodRun.out()).contains("good.pem: good");
        assertThat(goodRun.err()).contains("Response verify OK");
        Tools.Run revokedRun = openssl(common, "-cert", "revoked.pem").ok();
        assertThat(revokedRun.out()).contains("revoked.pem: revoked").contains("cessationOfOperation");
        assertThat(revokedRun.err()).contains("Response verify OK");
        Tools.Run unknownRun = openssl(common, "-serial", "0x1234").ok();
        assertThat(unknownRun.out()).contains("0x1234: unknown");
        assertThat(unknownRun.err()).contains("Response verify OK");
    }

    static Tools.Run openssl(List<String> common, String... more) {
        List<String> command = new java.util.ArrayList<>(common);
        command.addAll(List.of(more));
        return Tools.openssl(dir, command.toArray(String[]::new));
    }
}
