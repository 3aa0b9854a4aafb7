package io.certwiz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.Certwiz;
import io.certwiz.ca.StoredCrl;
import io.certwiz.store.DataDirectory;
import io.certwiz.testing.CertFactory;
import io.certwiz.testing.Cli;
import io.certwiz.testing.Tools;
import io.certwiz.x509.Extensions;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code certwiz revoke}: the embedded CA revokes what it issued (by thumbprint, with an RFC 5280 reason
 * by name), audited, in a new CRL with a higher number that {@code openssl verify -crl_check} reads; and
 * it refuses what it did not issue, what it revoked already, and reasons that are not for revoking.
 */
class RevokeCommandTest {
    @TempDir
    Path temp;

    Cli cli;

    @BeforeEach
    void setUp() {
        cli = Cli.in(temp);
        cli.init();
    }

    private StoredCrl crl() {
        try (Certwiz certwiz = Certwiz.open(new DataDirectory(cli.data()))) {
            return certwiz.embeddedCa().crls().current();
        }
    }

    private static X509CRL parse(byte[] der) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    }

    private X509Certificate certificate(String thumbprint) {
        String pem = cli.run("show", thumbprint, "--pem", "--json")
                .ok()
                .json()
                .path("pem")
                .asText();
        return CertFactory.read(Cli.writeString(temp.resolve(thumbprint + ".pem"), pem))
                .getFirst();
    }

    @Test
    void revokesWithTheReasonAuditedAndInANewCrl() throws Exception {
        String thumbprint = cli.request("Default");
        X509Certificate leaf = certificate(thumbprint);
        StoredCrl before = crl();
        assertThat(parse(before.der()).getRevokedCertificates()).isNull();

        JsonNode revoked = cli.run("revoke", thumbprint, "--reason", "keycompromise", "--json")
                .ok()
                .json();

        assertThat(revoked.path("thumbprint").asText()).isEqualTo(thumbprint);
        assertThat(revoked.path("reason").asText()).isEqualTo("keyCompromise");
        assertThat(new BigInteger(revoked.path("serial").asText(), 16)).isEqualTo(leaf.getSerialNumber());
        assertThat(revoked.path("crlUrl").asText())
                .isEqualTo("http://" + Cli.WEB_EXTERNAL + "/pki/crl/intermediate.crl");
        StoredCrl after = crl();
        assertThat(after.number())
                .isGreaterThan(before.number())
                .isEqualTo(revoked.path("crlNumber").asLong());
        X509CRL list = parse(after.der());
        X509CRLEntry entry = list.getRevokedCertificate(leaf.getSerialNumber());
        assertThat(entry).isNotNull();
        assertThat(entry.getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);
        assertThat(list.getNextUpdate()).isAfter(list.getThisUpdate());

        JsonNode audit = cli.run("audit", "--json").ok().json();
        assertThat(audit.get(0).path("operation").asText()).isEqualTo("revoke");
        assertThat(audit.get(0).path("thumbprints").get(0).asText()).isEqualTo(thumbprint);
        assertThat(audit.get(0).path("detail").asText()).contains("reason=keyCompromise");

        // Revoked once: a second revocation is refused and the CRL stays as it is.
        cli.run("revoke", thumbprint).failsWithOneLine(3);
        assertThat(cli.run("revoke", thumbprint).err()).contains("revoked already");
        assertThat(crl().number()).isEqualTo(after.number());
    }

    @Test
    void theReasonDefaultsToUnspecifiedWhichTheCrlLeavesOut() throws Exception {
        String thumbprint = cli.request("WebServicesInternal");
        X509Certificate leaf = certificate(thumbprint);
        assertThat(cli.run("revoke", thumbprint).ok().out()).contains("Revoked " + thumbprint + " (unspecified)");
        X509CRLEntry entry = parse(crl().der()).getRevokedCertificate(leaf.getSerialNumber());
        assertThat(entry).isNotNull();
        assertThat(entry.getRevocationReason()).isNull();
    }

    @Test
    void refusesWhatItCannotRevoke() {
        String thumbprint = cli.request("Default");
        cli.run("revoke", thumbprint, "--reason", "certificateHold").failsWithOneLine(2);
        cli.run("revoke", thumbprint, "--reason", "removeFromCRL").failsWithOneLine(2);
        assertThat(cli.run("revoke", thumbprint, "--reason", "nope").err())
                .contains("keyCompromise")
                .contains("superseded");
        cli.run("revoke", "00".repeat(20)).failsWithOneLine(4);
        cli.run("revoke", "not-a-thumbprint").fails(2);

        // A CA certificate from outside: held here, but not the embedded CA's to revoke.
        CertFactory.Issued outside = CertFactory.root("Outside Root");
        Path file = CertFactory.writePem(temp.resolve("outside.pem"), outside.certificate());
        String outsideThumbprint = cli.run("import", file.toString(), "--store", "root", "--json")
                .ok()
                .json()
                .path("imported")
                .get(0)
                .path("thumbprint")
                .asText();
        assertThat(cli.run("revoke", outsideThumbprint).failsWithOneLine(3).err())
                .contains("not issued by the embedded CA");
        // Nothing was revoked by any of these.
        cli.run("revoke", thumbprint).ok();
    }

    @Test
    void issuedCertificatesPointAtPlainHttpForTheCrlTheCaAndOcsp() throws Exception {
        X509Certificate leaf = certificate(cli.request("Default"));
        String base = "http://" + Cli.WEB_EXTERNAL;
        assertThat(Extensions.crlDistributionPoints(leaf)).containsExactly(base + "/pki/crl/intermediate.crl");
        assertThat(Extensions.authorityInfoAccess(leaf))
                .containsExactly("ocsp: " + base + "/pki/ocsp", "caIssuers: " + base + "/pki/ca/intermediate.crt");
    }

    @Test
    void initTakesAPlainHttpPkiUrl() {
        Cli other = Cli.in(temp.resolve("other"));
        other.run("init", "--fqdn", Cli.FQDN, "--pki-url", "https://pki.example.com")
                .failsWithOneLine(2);
        other.run("init", "--fqdn", Cli.FQDN, "--pki-url", "http://pki.example.com:8080/")
                .ok();
        X509Certificate leaf = CertFactory.read(Cli.writeString(
                        temp.resolve("o.pem"),
                        other.run("show", other.request("Default"), "--pem", "--json")
                                .ok()
                                .json()
                                .path("pem")
                                .asText()))
                .getFirst();
        assertThat(Extensions.crlDistributionPoints(leaf))
                .containsExactly("http://pki.example.com:8080/pki/crl/intermediate.crl");
    }

    @Test
    void opensslVerifyWithCrlCheckReadsTheCrl() throws Exception {
        String revoked = cli.request("Default");
        String kept = cli.request("WebServicesInternal");
        cli.run("revoke", revoked, "--reason", "superseded").ok();
        X509CRL list = parse(crl().der());
        Path crlFile = Files.writeString(
                temp.resolve("crl.pem"),
                "-----BEGIN X509 CRL-----\n" + Base64.getMimeEncoder().encodeToString(list.getEncoded())
                        + "\n-----END X509 CRL-----\n");
        String root;
        String intermediate;
        try (Certwiz certwiz = Certwiz.open(new DataDirectory(cli.data()))) {
            root = CertFactory.pem(certwiz.embeddedCa().root());
            intermediate = CertFactory.pem(certwiz.embeddedCa().intermediate());
        }
        Cli.writeString(temp.resolve("root.pem"), root);
        Cli.writeString(temp.resolve("intermediate.pem"), intermediate);
        certificate(revoked);
        certificate(kept);

        Tools.Run refused = Tools.openssl(
                temp,
                "verify",
                "-crl_check",
                "-CAfile",
                "root.pem",
                "-untrusted",
                "intermediate.pem",
                "-CRLfile",
                "crl.pem",
                revoked + ".pem");
        assertThat(refused.exitCode()).as(refused.out() + refused.err()).isNotZero();
        assertThat(refused.out() + refused.err()).contains("certificate revoked");
        Tools.openssl(
                        temp,
                        "verify",
                        "-crl_check",
                        "-CAfile",
                        "root.pem",
                        "-untrusted",
                        "intermediate.pem",
                        "-CRLfile",
                        "crl.pem",
                        kept + ".pem")
                .ok();
    }
}
