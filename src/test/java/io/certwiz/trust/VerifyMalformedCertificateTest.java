package io.certwiz.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.testing.CertFactory;
import io.certwiz.testing.CertFactory.Issued;
import io.certwiz.testing.Cli;
import io.certwiz.x509.Thumbprint;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code certwiz verify} on certificates that are shaped as certificates but that the parsers refuse
 * (RFC 5280 violations such as an empty subject with non-critical SANs, or an invalid public key): a
 * verdict, invalid (exit 3) with a MALFORMED_CERTIFICATE problem, not an error (exit 1). A file that
 * holds no certificate at all stays an error.
 */
class VerifyMalformedCertificateTest {
    @TempDir
    Path temp;

    Cli cli;
    Issued root;
    Path rootFile;

    @BeforeEach
    void setUp() {
        cli = Cli.in(temp);
        root = CertFactory.root("Malformed Tests Root");
        rootFile = CertFactory.writePem(temp.resolve("root.pem"), root.certificate());
    }

    @Test
    void aLeafThatTheParsersRefuseIsInvalid() throws Exception {
        byte[] der = emptySubjectWithNonCriticalSan();
        Path leaf = Cli.writeString(temp.resolve("leaf.pem"), pem(der));

        JsonNode verdict = cli.run("verify", leaf.toString(), "--trusted", rootFile.toString(), "--json")
                .exit(3)
                .json();

        assertThat(verdict.path("valid").asBoolean()).isFalse();
        assertThat(verdict.path("thumbprint").asText())
                .isEqualTo(Thumbprint.of(der).hex());
        assertThat(verdict.path("chain")).isEmpty();
        assertThat(verdict.path("problems").findValuesAsText("code")).containsExactly("MALFORMED_CERTIFICATE");
        assertThat(verdict.path("problems").get(0).path("message").asText())
                .startsWith("leaf.pem: malformed certificate: ")
                .contains("SubjectAlternativeName extension MUST be marked critical when subject field is empty");
        Cli.Result text = cli.run("verify", leaf.toString(), "--trusted", rootFile.toString())
                .exit(3);
        assertThat(text.out()).startsWith("FAILED").contains("leaf.pem: malformed certificate");
        // As a DER file too.
        Path derFile = CertFactory.write(temp.resolve("leaf.der"), der);
        cli.run("verify", derFile.toString(), "--trusted", rootFile.toString()).exit(3);
    }

    @Test
    void aMalformedIntermediateOrRootMakesTheVerdictInvalid() throws Exception {
        Issued issuing = CertFactory.intermediate("Malformed Tests Issuing", root);
        Issued leaf = CertFactory.leaf(issuing, List.of("app.example.com"));
        Path leafFile = CertFactory.writePem(temp.resolve("leaf.pem"), leaf.certificate());
        Path issuingFile = CertFactory.writePem(temp.resolve("issuing.pem"), issuing.certificate());
        Path badKey = Cli.writeString(temp.resolve("bad-key.pem"), pem(caWithInvalidRsaKey()));
        String[] good = {leafFile.toString(), "--trusted", rootFile.toString(), "--untrusted", issuingFile.toString()};
        cli.run("verify", good).ok();

        JsonNode withBadUntrusted = verifyJson(3, good, "--untrusted", badKey.toString());
        assertThat(withBadUntrusted.path("problems").findValuesAsText("code")).containsExactly("MALFORMED_CERTIFICATE");
        assertThat(withBadUntrusted.path("problems").get(0).path("message").asText())
                .startsWith("bad-key.pem: malformed certificate: ");
        // The path that the malformed certificate was meant to complete is missing as well.
        JsonNode aloneAsIssuer = verifyJson(
                3,
                new String[] {leafFile.toString(), "--trusted", rootFile.toString()},
                "--untrusted",
                badKey.toString());
        assertThat(aloneAsIssuer.path("problems").findValuesAsText("code"))
                .contains("MALFORMED_CERTIFICATE", "CA_NOT_FOUND");
        JsonNode withBadTrusted = verifyJson(3, good, "--trusted", badKey.toString());
        assertThat(withBadTrusted.path("problems").findValuesAsText("code")).containsExactly("MALFORMED_CERTIFICATE");
    }

    @Test
    void aFileWithoutACertificateIsStillAnError() throws Exception {
        Path garbage = Cli.writeString(
                temp.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\n@@\n-----END CERTIFICATE-----\n");
        cli.run("verify", garbage.toString(), "--trusted", rootFile.toString()).failsWithOneLine(1);
        // Valid DER, but not shaped as a certificate (a SEQUENCE of two INTEGERs).
        Path notACertificate = Cli.writeString(
                temp.resolve("sequence.pem"),
                pem(new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                            new org.bouncycastle.asn1.ASN1Integer(1), new org.bouncycastle.asn1.ASN1Integer(2)
                        })
                        .getEncoded()));
        cli.run("verify", notACertificate.toString(), "--trusted", rootFile.toString())
                .failsWithOneLine(1);
        cli.run(
                        "verify",
                        CertFactory.writePem(temp.resolve("ok.pem"), root.certificate())
                                .toString(),
                        "--trusted",
                        garbage.toString())
                .failsWithOneLine(1);
    }

    JsonNode verifyJson(int exit, String[] args, String... more) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        all.add("--json");
        return cli.run("verify", all.toArray(String[]::new)).exit(exit).json();
    }

    /** RFC 5280 4.2.1.6: with an empty subject, the SAN extension must be critical; the JDK refuses it. */
    byte[] emptySubjectWithNonCriticalSan() throws Exception {
        X509v3CertificateBuilder builder = builder(
                new X500Name(new org.bouncycastle.asn1.x500.RDN[0]),
                SubjectPublicKeyInfo.getInstance(CertFactory.ecKey().getPublic().getEncoded()));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, "app.example.com")));
        return sign(builder);
    }

    /** A CA certificate whose RSA key has a negative modulus. */
    byte[] caWithInvalidRsaKey() throws Exception {
        SubjectPublicKeyInfo key = new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                new RSAPublicKey(BigInteger.valueOf(-65_537), BigInteger.valueOf(65_537)));
        X509v3CertificateBuilder builder = builder(new X500Name("CN=Malformed Tests Issuing,O=certwiz tests"), key);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return sign(builder);
    }

    X509v3CertificateBuilder builder(X500Name subject, SubjectPublicKeyInfo key) throws Exception {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                X500Name.getInstance(
                        root.certificate().getSubjectX500Principal().getEncoded()),
                BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(30))),
                subject,
                key);
        builder.addExtension(
                Extension.authorityKeyIdentifier,
                false,
                new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(root.certificate()));
        return builder;
    }

    byte[] sign(X509v3CertificateBuilder builder) throws Exception {
        return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(root.key()))
                .getEncoded();
    }

    static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }
}
