package io.certwiz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.testing.CertFactory;
import io.certwiz.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certwiz request}, online and offline, and {@code certwiz requests}. */
class RequestCommandTest {
    @TempDir
    Path temp;

    Cli cli;

    @BeforeEach
    void init() {
        cli = Cli.in(temp);
    }

    @Test
    void onlineRequestIsIssuedStoredAndAssigned() throws Exception {
        cli.init();
        JsonNode outcome = cli.run(
                        "request", "--usage", "Default", "--key", "ec-p256", "--friendly-name", "lync", "--json")
                .ok()
                .json();

        JsonNode certificate = outcome.path("certificate");
        String thumbprint = certificate.path("thumbprint").asText();
        assertThat(certificate.path("subject").asText()).isEqualTo("CN=" + Cli.POOL);
        assertThat(texts(certificate.path("sans")))
                .containsExactly("dns:" + Cli.POOL, "dns:" + Cli.FQDN, "dns:sip." + Cli.SIP_DOMAIN);
        assertThat(certificate.path("issuer").asText()).contains("certwiz Issuing CA");
        assertThat(certificate.path("store").asText()).isEqualTo("personal");
        assertThat(certificate.path("friendlyName").asText()).isEqualTo("lync");
        assertThat(certificate.path("hasPrivateKey").asBoolean()).isTrue();
        assertThat(certificate.path("exportable").asBoolean()).isFalse();
        assertThat(certificate.path("chain").path("trusted").asBoolean()).isTrue();
        assertThat(texts(outcome.path("requestedUsages"))).containsExactly("Default");
        assertThat(texts(outcome.path("assignedUsages"))).containsExactly("Default");
        assertThat(texts(certificate.path("assignedUsages"))).containsExactly("Default");

        // The thumbprint is the SHA-1 of the DER, 40 uppercase hex; SHA-256 likewise.
        Path der = temp.resolve("leaf.der");
        cli.run("export", thumbprint, "--format", "der", "--out", der.toString())
                .ok();
        byte[] bytes = Files.readAllBytes(der);
        assertThat(thumbprint).isEqualTo(hex("SHA-1", bytes));
        assertThat(certificate.path("sha256").asText()).isEqualTo(hex("SHA-256", bytes));

        // Default certificates get serverAuth and clientAuth, CRL DP and AIA URLs.
        JsonNode details = cli.run("show", thumbprint, "--json").ok().json().path("details");
        assertThat(texts(details.path("extendedKeyUsage"))).containsExactlyInAnyOrder("serverAuth", "clientAuth");
        assertThat(details.path("crlDistributionPoints")).isNotEmpty();
        assertThat(details.path("authorityInfoAccess")).isNotEmpty();
        assertThat(details.path("publicKeyAlgorithm").asText()).isEqualTo("EC");

        assertThat(usage(cli, "Default").path("state").asText()).isEqualTo("Assigned");
        assertThat(usage(cli, "Default").path("thumbprint").asText()).isEqualTo(thumbprint);
    }

    @Test
    void textOutputShowsTheRequestStatus() {
        cli.init();
        Cli.Result result = cli.run("request", "--usage", "WebServicesInternal", "--key", "ec-p256")
                .ok();

        assertThat(result.out())
                .contains("Thumbprint:")
                .contains("SHA-256:")
                .contains("Subject:")
                .contains("Issuer:")
                .contains("Serial number:")
                .contains("Valid to:")
                .contains("dns:" + Cli.WEB_INTERNAL)
                .contains("trusted")
                .contains("Assigned to WebServicesInternal");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void webUsagesGetTheirFqdnAndServerAuthOnly() {
        cli.init();
        String thumbprint = cli.request(
                "WebServicesInternal,WebServicesExternal",
                "--san",
                "dns:extra.example.com",
                "--san",
                "dns:" + Cli.WEB_INTERNAL,
                "--san",
                "ip:192.0.2.10");

        JsonNode view = cli.run("show", thumbprint, "--json").ok().json();
        assertThat(texts(view.path("sans")))
                .containsExactly(
                        "dns:" + Cli.WEB_INTERNAL, "dns:" + Cli.WEB_EXTERNAL, "dns:extra.example.com", "ip:192.0.2.10");
        assertThat(texts(view.path("details").path("extendedKeyUsage"))).containsExactly("serverAuth");
        assertThat(texts(view.path("assignedUsages")))
                .containsExactlyInAnyOrder("WebServicesInternal", "WebServicesExternal");
    }

    @Test
    void subjectFieldsGoIntoTheSubject() {
        cli.init();
        String thumbprint = cli.request(
                "WebServicesExternal",
                "--organization",
                "Example Corp",
                "--org-unit",
                "IT",
                "--city",
                "Paris",
                "--state",
                "IDF",
                "--country",
                "fr");

        String subject = cli.run("show", thumbprint, "--json")
                .ok()
                .json()
                .path("subject")
                .asText();
        assertThat(subject)
                .contains("CN=" + Cli.WEB_EXTERNAL)
                .contains("O=Example Corp")
                .contains("OU=IT")
                .contains("L=Paris")
                .contains("ST=IDF")
                .contains("C=FR");
    }

    @Test
    void rsaIsTheDefaultKey() {
        cli.init();
        JsonNode outcome = cli.run("request", "--usage", "WebServicesInternal", "--json")
                .ok()
                .json();

        String thumbprint = outcome.path("certificate").path("thumbprint").asText();
        JsonNode details = cli.run("show", thumbprint, "--json").ok().json().path("details");
        assertThat(details.path("publicKeyAlgorithm").asText()).isEqualTo("RSA");
        assertThat(details.path("publicKeyBits").asInt()).isEqualTo(2048);
    }

    @Test
    void noAssignOnlyStoresTheCertificate() {
        cli.init();
        JsonNode outcome = cli.run("request", "--usage", "Default", "--key", "ec-p256", "--no-assign", "--json")
                .ok()
                .json();

        assertThat(outcome.path("assignRequested").asBoolean()).isFalse();
        assertThat(outcome.path("assignedUsages")).isEmpty();
        assertThat(cli.thumbprints("personal"))
                .containsExactly(outcome.path("certificate").path("thumbprint").asText());
        assertThat(usage(cli, "Default").path("state").asText()).isEqualTo("NotAssigned");
    }

    @Test
    void untrustedChainAssignsNothingNamesTheMissingCaAndExits3() {
        cli.init("--no-trust-embedded-ca");

        Cli.Result result =
                cli.run("request", "--usage", "Default", "--key", "ec-p256").exit(3);

        assertThat(result.out())
                .contains("certwiz Root CA")
                .contains("key id")
                .contains("certwiz import")
                .contains("--store root");
        List<String> personal = cli.thumbprints("personal");
        assertThat(personal).hasSize(1);
        assertThat(usage(cli, "Default").path("state").asText()).isEqualTo("NotAssigned");

        JsonNode json = cli.run("request", "--usage", "WebServicesInternal", "--key", "ec-p256", "--json")
                .exit(3)
                .json();
        assertThat(json.path("assignedUsages")).isEmpty();
        assertThat(json.path("certificate").path("chain").path("trusted").asBoolean())
                .isFalse();
        assertThat(json.findValuesAsText("code")).contains("ROOT_NOT_TRUSTED");

        // The fix it names works: export the root it came with, import it into root, then assign.
        String root = json.path("certificate")
                .path("chain")
                .path("elements")
                .get(2)
                .path("thumbprint")
                .asText();
        Path rootFile = temp.resolve("root.pem");
        cli.run("export", root, "--out", rootFile.toString()).ok();
        cli.run("import", rootFile.toString(), "--store", "root").ok();
        cli.run("assign", personal.getFirst(), "--usage", "Default").ok();
        assertThat(usage(cli, "Default").path("state").asText()).isEqualTo("Assigned");
    }

    @Test
    void unknownUsageOrKeyTypeIsBadUsageAndChangesNothing() {
        cli.init();
        String before = cli.snapshot();

        Cli.Result usage = cli.run("request", "--usage", "Default,Frobnicate", "--key", "ec-p256")
                .failsWithOneLine(2);
        assertThat(usage.err()).contains("Frobnicate").contains("WebServicesInternal");
        Cli.Result key =
                cli.run("request", "--usage", "Default", "--key", "dsa-1024").failsWithOneLine(2);
        assertThat(key.err()).contains("dsa-1024").contains("ec-p256");
        cli.run("request", "--usage", "Default", "--san", "mail:x@example.com").failsWithOneLine(2);
        cli.run("request", "--usage", "Default", "--country", "France").failsWithOneLine(2);
        cli.run("request", "--usage", "Default", "--ca", "nowhere").failsWithOneLine(4);

        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void offlineRequestWritesThePemAndKeepsItPending() throws Exception {
        cli.init();
        Path csrFile = temp.resolve("request.csr");
        JsonNode prepared = cli.run(
                        "request",
                        "--usage",
                        "Default,WebServicesExternal",
                        "--key",
                        "ec-p256",
                        "--offline",
                        "--out",
                        csrFile.toString(),
                        "--json")
                .ok()
                .json();

        long id = prepared.path("requestId").asLong();
        assertThat(prepared.path("file").asText())
                .isEqualTo(csrFile.toAbsolutePath().toString());
        assertThat(texts(prepared.path("usages"))).containsExactly("Default", "WebServicesExternal");
        String pem = Files.readString(csrFile);
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
        PKCS10CertificationRequest csr;
        try (PEMParser parser = new PEMParser(new java.io.StringReader(pem))) {
            csr = (PKCS10CertificationRequest) parser.readObject();
        }
        assertThat(csr.getSubject().toString()).isEqualTo("CN=" + Cli.POOL);
        Extensions extensions =
                Extensions.getInstance(csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)[0]
                        .getAttrValues()
                        .getObjectAt(0));
        List<String> names = new ArrayList<>();
        for (GeneralName name : GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName)
                .getNames()) {
            names.add(name.getName().toString());
        }
        assertThat(names).containsExactly(Cli.POOL, Cli.FQDN, "sip." + Cli.SIP_DOMAIN, Cli.WEB_EXTERNAL);
        assertThat(cli.thumbprints("personal")).isEmpty();

        JsonNode pending = cli.run("requests", "--json").ok().json();
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0).path("id").asLong()).isEqualTo(id);
        assertThat(pending.get(0).path("csr").asText().strip()).isEqualTo(pem.strip());
        assertThat(cli.run("requests").ok().out()).contains(String.valueOf(id)).contains("Default,WebServicesExternal");

        cli.run("requests", "--clear", String.valueOf(id)).ok();
        assertThat(cli.run("requests", "--json").ok().json()).isEmpty();
        cli.run("requests", "--clear", String.valueOf(id)).failsWithOneLine(4);
    }

    @Test
    void subjectIsWrittenAsShowPrintsIt() throws Exception {
        cli.init();
        String subject = "CN=" + Cli.WEB_INTERNAL + ",OU=Web,O=Example Corp,C=US";

        JsonNode online = cli.run(
                        "request", "--usage", "WebServicesInternal", "--key", "ec-p256", "--subject", subject, "--json")
                .ok()
                .json();
        Path csrFile = temp.resolve("subject.csr");
        JsonNode offline = cli.run(
                        "request",
                        "--usage",
                        "WebServicesInternal",
                        "--key",
                        "ec-p256",
                        "--subject",
                        subject,
                        "--offline",
                        "--out",
                        csrFile.toString(),
                        "--json")
                .ok()
                .json();

        String thumbprint = online.path("certificate").path("thumbprint").asText();
        assertThat(cli.run("show", thumbprint, "--json")
                        .ok()
                        .json()
                        .path("subject")
                        .asText())
                .isEqualTo(subject);
        assertThat(cli.run("show", thumbprint).ok().out()).contains(subject);
        assertThat(offline.path("subject").asText()).isEqualTo(subject);
        // Encoded with C first and the CN last, as every CA writes it.
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(csrFile))) {
            PKCS10CertificationRequest csr = (PKCS10CertificationRequest) parser.readObject();
            assertThat(csr.getSubject().getRDNs()[0].getFirst().getType())
                    .isEqualTo(org.bouncycastle.asn1.x500.style.BCStyle.C);
        }
    }

    @Test
    void offlineReplyCompletesTheRequestWithItsUsagesAndAssignsIt() {
        cli.init();
        CertFactory.Issued root = CertFactory.root("Offline Root");
        CertFactory.Issued issuing = CertFactory.intermediate("Offline Issuing", root);
        cli.run(
                        "import",
                        CertFactory.writePem(temp.resolve("root.pem"), root.certificate())
                                .toString(),
                        "--store",
                        "root")
                .ok();
        cli.run(
                        "import",
                        CertFactory.writePem(temp.resolve("issuing.pem"), issuing.certificate())
                                .toString())
                .ok();
        Path csrFile = temp.resolve("request.csr");
        cli.run(
                        "request",
                        "--usage",
                        "WebServicesInternal",
                        "--key",
                        "ec-p256",
                        "--offline",
                        "--out",
                        csrFile.toString())
                .ok();
        X509Certificate reply = CertFactory.signRequest(csrFile, issuing);
        Path replyFile = CertFactory.writePem(temp.resolve("reply.pem"), reply);

        JsonNode imported =
                cli.run("import", replyFile.toString(), "--json").ok().json();

        JsonNode completed = imported.path("completedRequest");
        assertThat(texts(completed.path("requestedUsages"))).containsExactly("WebServicesInternal");
        assertThat(texts(completed.path("assignedUsages"))).containsExactly("WebServicesInternal");
        assertThat(completed.path("certificate").path("hasPrivateKey").asBoolean())
                .isTrue();
        assertThat(cli.run("requests", "--json").ok().json()).isEmpty();
        assertThat(cli.thumbprints("personal")).hasSize(1);
        assertThat(usage(cli, "WebServicesInternal").path("state").asText()).isEqualTo("Assigned");
        // The same reply again matches no pending request any more.
        cli.run("import", replyFile.toString()).exit(0);
        assertThat(cli.thumbprints("personal")).hasSize(1);
    }

    @Test
    void offlineFlagsAreCheckedAndNothingIsLeftBehind() {
        cli.init();
        String before = cli.snapshot();

        cli.run("request", "--usage", "Default", "--key", "ec-p256", "--offline")
                .failsWithOneLine(2);
        cli.run(
                        "request",
                        "--usage",
                        "Default",
                        "--key",
                        "ec-p256",
                        "--out",
                        temp.resolve("x.csr").toString())
                .failsWithOneLine(2);
        cli.run(
                        "request",
                        "--usage",
                        "Default",
                        "--key",
                        "ec-p256",
                        "--offline",
                        "--out",
                        temp.resolve("no/such/dir/x.csr").toString())
                .failsWithOneLine(1);

        assertThat(cli.snapshot()).isEqualTo(before);
    }

    static JsonNode usage(Cli cli, String name) {
        for (JsonNode row : cli.run("usages", "--json").ok().json()) {
            if (row.path("usage").asText().equals(name)) {
                return row;
            }
        }
        throw new AssertionError("no usage " + name);
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The field of each object in a JSON array (not searching nested objects). */
    static List<String> each(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }

    static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of()
                .withUpperCase()
                .formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }
}
