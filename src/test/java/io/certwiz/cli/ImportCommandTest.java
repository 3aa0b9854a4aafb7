package io.certwiz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.testing.CertFactory;
import io.certwiz.testing.CertFactory.Issued;
import io.certwiz.testing.Cli;
import io.certwiz.x509.Thumbprint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certwiz import}: every format, where each certificate goes, and every kind of bad input. */
class ImportCommandTest {
    private static final List<String> NAMES = List.of(Cli.POOL, Cli.FQDN, Cli.WEB_INTERNAL, Cli.WEB_EXTERNAL);
    private static final char[] PASSWORD = "s3cret pass".toCharArray();

    @TempDir
    Path temp;

    Cli cli;
    Issued root;
    Issued issuing;
    Issued leaf;

    @BeforeEach
    void setUp() {
        cli = Cli.in(temp);
        cli.init();
        root = CertFactory.root("Import Root");
        issuing = CertFactory.intermediate("Import Issuing", root);
        leaf = CertFactory.leaf(issuing, NAMES);
    }

    private Path file(String name) {
        return temp.resolve(name);
    }

    private Path passwordFile() {
        return Cli.writeString(file("password.txt"), new String(PASSWORD) + "\n");
    }

    private static String thumbprint(Issued issued) {
        return Thumbprint.of(issued.certificate()).hex();
    }

    @Test
    void aLoneSelfSignedCaIsTrustedOnlyWhenAskedForAnotherCaGoesToIntermediate() {
        Path rootPem = CertFactory.writePem(file("root.pem"), root.certificate());
        String before = cli.snapshot();
        Cli.Result implicit = cli.run("import", rootPem.toString()).failsWithOneLine(3);
        assertThat(implicit.err()).contains("self-signed root CA").contains("--store root");
        assertThat(cli.snapshot()).isEqualTo(before);

        Cli.Result trusted =
                cli.run("import", rootPem.toString(), "--store", "root").ok();
        assertThat(trusted.out()).contains("into root").contains("now trusted");
        JsonNode rootImport =
                cli.run("import", rootPem.toString(), "--json").ok().json();
        cli.run(
                        "import",
                        CertFactory.writePem(file("issuing.pem"), issuing.certificate())
                                .toString())
                .ok();

        assertThat(rootImport.path("imported").get(0).path("store").asText()).isEqualTo("root");
        assertThat(cli.thumbprints("root")).contains(thumbprint(root));
        assertThat(cli.thumbprints("intermediate")).contains(thumbprint(issuing));
    }

    @Test
    void aTrustedRootMovesOutOfTheRootStoreOnlyWithMoveAndSaysWhatItBreaks() {
        importTrust();
        Path csr = file("web.csr");
        cli.run("request", "--usage", "WebServicesInternal", "--offline", "--out", csr.toString())
                .ok();
        String web = cli.run(
                        "import",
                        CertFactory.writePem(file("web.pem"), CertFactory.signRequest(csr, issuing))
                                .toString(),
                        "--json")
                .ok()
                .json()
                .path("completedRequest")
                .path("certificate")
                .path("thumbprint")
                .asText();
        Path rootPem = file("trust-root.pem");
        String before = cli.snapshot();

        Cli.Result refused =
                cli.run("import", rootPem.toString(), "--store", "intermediate").failsWithOneLine(3);

        assertThat(refused.err())
                .contains("trusted root")
                .contains("takes its trust away")
                .contains("WebServicesInternal (certificate " + web)
                .contains("--move");
        assertThat(cli.snapshot()).isEqualTo(before);

        Cli.Result moved = cli.run("import", rootPem.toString(), "--store", "intermediate", "--move")
                .ok();

        assertThat(moved.out())
                .contains("into intermediate")
                .contains("no longer trusted")
                .contains("breaks WebServicesInternal");
        assertThat(cli.thumbprints("root")).doesNotContain(thumbprint(root));
        assertThat(cli.thumbprints("intermediate")).contains(thumbprint(root));
        // Trusting it again is asked for by naming the root store.
        Cli.Result back =
                cli.run("import", rootPem.toString(), "--store", "root").ok();
        assertThat(back.out()).contains("into root").contains("now trusted");
        assertThat(cli.thumbprints("root")).contains(thumbprint(root));
    }

    @Test
    void derCertificateIsRead() {
        cli.run(
                        "import",
                        CertFactory.writeDer(file("issuing.cer"), issuing.certificate())
                                .toString())
                .ok();

        assertThat(cli.thumbprints("intermediate")).contains(thumbprint(issuing));
    }

    @Test
    void p7bChainGoesToIntermediateRootNotTrustedSilently() {
        Path p7b = CertFactory.write(file("chain.p7b"), CertFactory.p7b(issuing.certificate(), root.certificate()));

        JsonNode result = cli.run("import", p7b.toString(), "--json").ok().json();

        assertThat(cli.thumbprints("intermediate")).contains(thumbprint(issuing), thumbprint(root));
        assertThat(cli.thumbprints("root")).doesNotContain(thumbprint(root));
        assertThat(result.toString()).contains("import it into the root store to trust it");
        // With --store root, the root of the chain is trusted and the rest stays intermediate.
        cli.run("import", p7b.toString(), "--store", "root").ok();
        assertThat(cli.thumbprints("root")).contains(thumbprint(root));
        assertThat(cli.thumbprints("intermediate"))
                .contains(thumbprint(issuing))
                .doesNotContain(thumbprint(root));
    }

    @Test
    void multiCertificatePemChainWithTheRootIsNotTrustedSilently() {
        Path pem = CertFactory.writePem(file("chain.pem"), issuing.certificate(), root.certificate());

        cli.run("import", pem.toString()).ok();

        assertThat(cli.thumbprints("root")).doesNotContain(thumbprint(root));
        assertThat(cli.thumbprints("intermediate")).contains(thumbprint(issuing), thumbprint(root));
    }

    @Test
    void pfxWithKeyGoesToPersonalAndCanBeAssigned() {
        importTrust();
        Path pfx = CertFactory.write(
                file("server.pfx"), CertFactory.pfx(leaf.key(), PASSWORD, leaf.certificate(), issuing.certificate()));

        JsonNode result = cli.run(
                        "import",
                        pfx.toString(),
                        "--password-file",
                        passwordFile().toString(),
                        "--exportable",
                        "--friendly-name",
                        "from pfx",
                        "--json")
                .ok()
                .json();

        assertThat(result.path("imported").get(0).path("store").asText()).isEqualTo("personal");
        assertThat(result.path("imported").get(0).path("privateKey").asBoolean())
                .isTrue();
        JsonNode view = cli.run("show", thumbprint(leaf), "--json").ok().json();
        assertThat(view.path("hasPrivateKey").asBoolean()).isTrue();
        assertThat(view.path("exportable").asBoolean()).isTrue();
        assertThat(view.path("friendlyName").asText()).isEqualTo("from pfx");
        cli.run("assign", thumbprint(leaf), "--usage", "Default,WebServicesInternal,WebServicesExternal")
                .ok();
    }

    @Test
    void pemWithCertificateAndItsKeyImportsTheKey() {
        importTrust();
        Path pem = CertFactory.writePem(file("server.pem"), leaf.certificate(), leaf.key());

        cli.run("import", pem.toString()).ok();

        assertThat(cli.run("show", thumbprint(leaf), "--json")
                        .ok()
                        .json()
                        .path("hasPrivateKey")
                        .asBoolean())
                .isTrue();
        assertThat(cli.run("show", thumbprint(leaf), "--json")
                        .ok()
                        .json()
                        .path("exportable")
                        .asBoolean())
                .isFalse();
        cli.run("assign", thumbprint(leaf), "--usage", "Default").ok();
    }

    @Test
    void leafWithStorePersonalIsKeptWithoutAKeyAndCannotBeAssigned() {
        importTrust();
        Path pem = CertFactory.writePem(file("leaf.pem"), leaf.certificate());

        cli.run("import", pem.toString(), "--store", "personal").ok();

        assertThat(cli.thumbprints("personal")).containsExactly(thumbprint(leaf));
        Cli.Result refused =
                cli.run("assign", thumbprint(leaf), "--usage", "Default").fails(3);
        assertThat(refused.err()).contains("no private key");
    }

    @Test
    void importingTwiceKeepsOneCopy() {
        Path pem = CertFactory.writePem(file("root.pem"), root.certificate());
        cli.run("import", pem.toString(), "--store", "root").ok();
        cli.run("import", pem.toString(), "--store", "root").ok();
        assertThat(cli.run("import", pem.toString()).ok().out()).contains("already trusted");

        assertThat(cli.thumbprints("root").stream().filter(t -> t.equals(thumbprint(root))))
                .hasSize(1);
    }

    // ---- bad input: one clear line, the right exit code, the store unchanged ----

    @Test
    void malformedPem() {
        String before = cli.snapshot();
        Path bad = Cli.writeString(
                file("bad.pem"),
                "-----BEGIN CERTIFICATE-----\nMIIB!!!not base64 at all***\n-----END CERTIFICATE-----\n");

        Cli.Result result = cli.run("import", bad.toString()).failsWithOneLine(1);

        assertThat(result.err()).contains("bad.pem");
        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void pemWithNoCertificate() {
        String before = cli.snapshot();
        Path bad = Cli.writeString(file("empty.pem"), "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");

        cli.run("import", bad.toString()).failsWithOneLine(1);

        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void truncatedDer() throws Exception {
        String before = cli.snapshot();
        byte[] der = issuing.certificate().getEncoded();
        Path bad = CertFactory.write(file("truncated.cer"), Arrays.copyOf(der, der.length / 2));

        cli.run("import", bad.toString()).failsWithOneLine(1);

        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void derThatIsNotACertificate() {
        String before = cli.snapshot();
        // SEQUENCE { BOOLEAN TRUE, BOOLEAN FALSE }: well-formed DER, not a certificate.
        Path bad = CertFactory.write(
                file("sequence.der"), new byte[] {0x30, 0x06, 0x01, 0x01, (byte) 0xFF, 0x01, 0x01, 0x00});

        cli.run("import", bad.toString()).failsWithOneLine(1);

        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void garbageP7b() {
        String before = cli.snapshot();
        byte[] garbage = new byte[700];
        new Random(7).nextBytes(garbage);
        Path bad = CertFactory.write(file("garbage.p7b"), garbage);

        cli.run("import", bad.toString()).failsWithOneLine(1);

        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void p7bWithCorruptContent() {
        String before = cli.snapshot();
        byte[] p7b = CertFactory.p7b(issuing.certificate(), root.certificate());
        Path bad = CertFactory.write(file("corrupt.p7b"), Arrays.copyOf(p7b, p7b.length - 40));
        Path pem = Cli.writeString(
                file("corrupt-p7b.pem"), "-----BEGIN PKCS7-----\nMIIBAAYJKoZIhvcNAQcCoIIB\n-----END PKCS7-----\n");

        cli.run("import", bad.toString()).failsWithOneLine(1);
        cli.run("import", pem.toString()).failsWithOneLine(1);

        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void garbagePfx() {
        String before = cli.snapshot();
        byte[] garbage = new byte[1200];
        new Random(12).nextBytes(garbage);
        Path bad = CertFactory.write(file("garbage.pfx"), garbage);
        byte[] pfx = CertFactory.pfx(leaf.key(), PASSWORD, leaf.certificate());
        Path truncated = CertFactory.write(file("truncated.pfx"), Arrays.copyOf(pfx, pfx.length / 2));

        cli.run("import", bad.toString(), "--password-file", passwordFile().toString())
                .failsWithOneLine(1);
        cli.run(
                        "import",
                        truncated.toString(),
                        "--password-file",
                        passwordFile().toString())
                .failsWithOneLine(1);

        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void wrongPfxPassword() {
        String before = cli.snapshot();
        Path pfx = CertFactory.write(file("server.pfx"), CertFactory.pfx(leaf.key(), PASSWORD, leaf.certificate()));
        Path wrong = Cli.writeString(file("wrong.txt"), "not the password\n");

        Cli.Result result = cli.run("import", pfx.toString(), "--password-file", wrong.toString())
                .failsWithOneLine(1);
        Cli.Result none = cli.run("import", pfx.toString()).failsWithOneLine(1);

        assertThat(result.err()).contains("password");
        assertThat(none.err()).contains("--password-file");
        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void replyThatMatchesNoPendingRequestIsNotFound() {
        importTrust();
        cli.run(
                        "request",
                        "--usage",
                        "Default",
                        "--key",
                        "ec-p256",
                        "--offline",
                        "--out",
                        file("pending.csr").toString())
                .ok();
        String before = cli.snapshot();
        Path reply = CertFactory.writePem(file("reply.pem"), leaf.certificate());

        Cli.Result result = cli.run("import", reply.toString()).failsWithOneLine(4);

        assertThat(result.err()).contains("no pending request");
        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void keyThatDoesNotMatchItsCertificateIsRefused() {
        importTrust();
        String before = cli.snapshot();
        Issued other = CertFactory.leaf(issuing, NAMES);
        Path pem = CertFactory.writePem(file("mismatch.pem"), leaf.certificate(), other.key());
        Path pfxFile =
                CertFactory.write(file("mismatch.pfx"), CertFactory.pfx(other.key(), PASSWORD, leaf.certificate()));

        Cli.Result result = cli.run("import", pem.toString()).failsWithOneLine(3);
        cli.run("import", pfxFile.toString(), "--password-file", passwordFile().toString())
                .failsWithOneLine(3);

        assertThat(result.err()).contains("does not match");
        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void expiredCertificateIsRefused() {
        String before = cli.snapshot();
        Instant now = Instant.now();
        Issued expired =
                CertFactory.leaf(issuing, NAMES, now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(1)));
        Issued expiredRoot =
                CertFactory.root("Old Root", now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(1)));

        Cli.Result result = cli.run(
                        "import",
                        CertFactory.writePem(file("expired.pem"), expired.certificate(), expired.key())
                                .toString())
                .failsWithOneLine(3);
        cli.run(
                        "import",
                        CertFactory.writePem(file("old-root.pem"), expiredRoot.certificate())
                                .toString())
                .failsWithOneLine(3);

        assertThat(result.err()).contains("expired");
        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void notYetValidCertificateIsRefused() {
        String before = cli.snapshot();
        Instant now = Instant.now();
        Issued future = CertFactory.leaf(issuing, NAMES, now.plus(Duration.ofDays(2)), now.plus(Duration.ofDays(300)));

        Cli.Result result = cli.run(
                        "import",
                        CertFactory.writePem(file("future.pem"), future.certificate(), future.key())
                                .toString())
                .failsWithOneLine(3);

        assertThat(result.err()).contains("not valid before");
        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void caCertificateOfferedAsALeafIsRefused() {
        String before = cli.snapshot();
        Path rootPem = CertFactory.writePem(file("root.pem"), root.certificate());
        Path rootWithKey = CertFactory.writePem(file("root-key.pem"), root.certificate(), root.key());

        Cli.Result result =
                cli.run("import", rootPem.toString(), "--store", "personal").failsWithOneLine(3);
        cli.run("import", rootWithKey.toString()).failsWithOneLine(3);

        assertThat(result.err()).contains("CA certificate");
        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void leafOfferedAsACaIsRefused() {
        String before = cli.snapshot();
        Path leafPem = CertFactory.writePem(file("leaf.pem"), leaf.certificate());

        cli.run("import", leafPem.toString(), "--store", "root").failsWithOneLine(3);
        cli.run("import", leafPem.toString(), "--store", "intermediate").failsWithOneLine(3);

        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void aCertificateRequestIsNotACertificate() {
        cli.run(
                        "request",
                        "--usage",
                        "Default",
                        "--key",
                        "ec-p256",
                        "--offline",
                        "--out",
                        file("r.csr").toString())
                .ok();
        String before = cli.snapshot();

        Cli.Result result = cli.run("import", file("r.csr").toString()).failsWithOneLine(1);

        assertThat(result.err()).contains("request");
        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void emptyFileMissingFileUnknownStore() throws Exception {
        String before = cli.snapshot();
        Files.write(file("empty.cer"), new byte[0]);

        cli.run("import", file("empty.cer").toString()).failsWithOneLine(1);
        cli.run("import", file("missing.pem").toString()).failsWithOneLine(4);
        cli.run(
                        "import",
                        CertFactory.writePem(file("root.pem"), root.certificate())
                                .toString(),
                        "--store",
                        "trusted")
                .failsWithOneLine(2);
        cli.run(
                        "import",
                        file("root.pem").toString(),
                        "--password-file",
                        file("nope.txt").toString())
                .failsWithOneLine(4);
        Files.writeString(file("text.txt"), "hello, this is not a certificate\n", StandardCharsets.US_ASCII);
        cli.run("import", file("text.txt").toString()).failsWithOneLine(1);

        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void importOutputNamesEachCertificateAndItsStore() {
        Path pem = CertFactory.writePem(file("root.pem"), root.certificate());

        Cli.Result text = cli.run("import", pem.toString(), "--store", "root").ok();

        assertThat(text.out()).contains(thumbprint(root)).contains("into root").contains("Import Root");
    }

    private void importTrust() {
        cli.run(
                        "import",
                        CertFactory.writePem(file("trust-root.pem"), root.certificate())
                                .toString(),
                        "--store",
                        "root")
                .ok();
        cli.run(
                        "import",
                        CertFactory.writePem(file("trust-issuing.pem"), issuing.certificate())
                                .toString())
                .ok();
    }

    /** A PKCS#12 of certificate entries only, as keytool or Windows makes a CA bundle. */
    private static byte[] certificatesOnlyPfx(java.security.cert.X509Certificate... certificates) {
        try {
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < certificates.length; i++) {
                store.setCertificateEntry("ca" + i, certificates[i]);
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            store.store(out, PASSWORD);
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPfxOrP7bHoldingOneRootFollowsTheTrustRulesOfAPem() {
        Path pfx = CertFactory.write(file("root.pfx"), certificatesOnlyPfx(root.certificate()));
        Path p7b = CertFactory.write(file("root.p7b"), CertFactory.p7b(root.certificate()));
        String before = cli.snapshot();

        for (Path lone : List.of(pfx, p7b)) {
            Cli.Result implicit = cli.run(
                            "import",
                            lone.toString(),
                            "--password-file",
                            passwordFile().toString())
                    .failsWithOneLine(3);
            assertThat(implicit.err())
                    .as(lone.toString())
                    .contains("self-signed root CA")
                    .contains("--store root");
            assertThat(cli.snapshot()).isEqualTo(before);
        }

        cli.run("import", pfx.toString(), "--password-file", passwordFile().toString(), "--store", "root")
                .ok();
        assertThat(cli.thumbprints("root")).contains(thumbprint(root));
        // A CA-only PFX with its chain: the intermediate goes to intermediate, the root is already trusted.
        Path chain =
                CertFactory.write(file("chain.pfx"), certificatesOnlyPfx(issuing.certificate(), root.certificate()));
        cli.run("import", chain.toString(), "--password-file", passwordFile().toString())
                .ok();
        assertThat(cli.thumbprints("intermediate")).contains(thumbprint(issuing));
        assertThat(cli.thumbprints("root")).contains(thumbprint(root));
    }

    @Test
    void aPemWithAUtf8ByteOrderMarkImports() {
        byte[] pem = CertFactory.pem(root.certificate()).getBytes(StandardCharsets.US_ASCII);
        byte[] withBom = new byte[pem.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(pem, 0, withBom, 3, pem.length);

        cli.run("import", CertFactory.write(file("bom.pem"), withBom).toString(), "--store", "root")
                .ok();

        assertThat(cli.thumbprints("root")).contains(thumbprint(root));
    }

    @Test
    void aPeersLoneLeafIsKeptInPersonalOnlyWhenAskedAndTheRefusalSaysSo() {
        importTrust();
        Path pem = CertFactory.writePem(file("peer.pem"), leaf.certificate());
        String before = cli.snapshot();

        Cli.Result refused = cli.run("import", pem.toString()).failsWithOneLine(4);

        assertThat(refused.err())
                .contains("no pending request matches")
                .contains("import it into the personal store")
                .contains("--store personal");
        assertThat(cli.snapshot()).isEqualTo(before);
        Cli.Result kept =
                cli.run("import", pem.toString(), "--store", "personal").ok();
        assertThat(kept.out()).contains("cannot be assigned");
        assertThat(cli.thumbprints("personal")).contains(thumbprint(leaf));
    }

    @Test
    void aFriendlyNameIsUniqueAcrossImportsAndRequests() {
        importTrust();
        Path pfx = CertFactory.write(
                file("named.pfx"), CertFactory.pfx(leaf.key(), PASSWORD, leaf.certificate(), issuing.certificate()));
        cli.run("import", pfx.toString(), "--password-file", passwordFile().toString(), "--friendly-name", "web")
                .ok();
        // The same certificate again, with its own name: nothing to refuse.
        cli.run("import", pfx.toString(), "--password-file", passwordFile().toString(), "--friendly-name", "web")
                .ok();
        String before = cli.snapshot();

        Cli.Result request = cli.run("request", "--usage", "WebServicesExternal", "--friendly-name", " Web ")
                .failsWithOneLine(3);
        assertThat(request.err())
                .contains("the friendly name 'Web' is already used by certificate " + thumbprint(leaf))
                .contains("choose another");
        Cli.Result offline = cli.run(
                        "request",
                        "--usage",
                        "WebServicesExternal",
                        "--offline",
                        "--out",
                        file("named.csr").toString(),
                        "--friendly-name",
                        "WEB")
                .failsWithOneLine(3);
        assertThat(offline.err()).contains("already used");
        Issued other = CertFactory.leaf(issuing, NAMES);
        Path otherPem = CertFactory.writePem(file("other.pem"), other.certificate());
        cli.run("import", otherPem.toString(), "--store", "personal", "--friendly-name", "web")
                .failsWithOneLine(3);
        assertThat(cli.snapshot()).isEqualTo(before);
        assertThat(Files.exists(file("named.csr"))).isFalse();

        // A pending request holds its name for the certificate that completes it.
        cli.run(
                        "request",
                        "--usage",
                        "WebServicesExternal",
                        "--offline",
                        "--out",
                        file("pending.csr").toString(),
                        "--friendly-name",
                        "ext")
                .ok();
        Cli.Result taken = cli.run("import", otherPem.toString(), "--store", "personal", "--friendly-name", "ext")
                .failsWithOneLine(3);
        assertThat(taken.err()).contains("already used by pending request");
    }
}
