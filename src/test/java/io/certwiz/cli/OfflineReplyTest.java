package io.certwiz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.testing.CertFactory;
import io.certwiz.testing.Cli;
import io.certwiz.testing.Tools;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CA's reply to an offline request, signed by openssl as an outside CA does: a reply that fails the
 * checks (openssl without {@code -copy_extensions} drops the requested SANs) is refused and leaves the
 * request pending, so the corrected reply still completes it.
 */
class OfflineReplyTest {
    @TempDir
    Path temp;

    Cli cli;
    Path caPem;
    Path caKey;
    Path csr;

    @BeforeEach
    void setUp() {
        cli = Cli.in(temp);
        cli.init();
        CertFactory.Issued ca = CertFactory.root("Outside CA");
        caPem = CertFactory.writePem(temp.resolve("ca.pem"), ca.certificate());
        caKey = CertFactory.writePem(temp.resolve("ca.key"), ca.key());
        cli.run("import", caPem.toString(), "--store", "root").ok();
        csr = temp.resolve("web.csr");
        cli.run("request", "--usage", "WebServicesInternal", "--key", "ec-p256", "--offline", "--out", csr.toString())
                .ok();
    }

    /** What the README shows: openssl x509 -req, with or without the request's extensions. */
    private Path sign(String name, int serial, boolean copyExtensions) {
        Path out = temp.resolve(name);
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                "x509",
                "-req",
                "-in",
                csr.toString(),
                "-CA",
                caPem.toString(),
                "-CAkey",
                caKey.toString(),
                "-set_serial",
                String.valueOf(serial),
                "-days",
                "90",
                "-out",
                out.toString()));
        if (copyExtensions) {
            args.addAll(java.util.List.of("-copy_extensions", "copyall"));
        }
        Tools.openssl(temp, args.toArray(String[]::new)).ok();
        return out;
    }

    @Test
    void aReplyWithoutTheSansIsRefusedAndTheRequestStaysPendingForTheCorrectOne() {
        Path bad = sign("bad.pem", 1, false);
        Path good = sign("good.pem", 2, true);
        String before = cli.snapshot();

        Cli.Result refused = cli.run("import", bad.toString()).fails(3);

        assertThat(refused.err()).contains("stays pending").contains(Cli.WEB_INTERNAL);
        assertThat(cli.snapshot()).isEqualTo(before);
        assertThat(cli.run("requests", "--json").ok().json()).hasSize(1);
        cli.run("import", bad.toString(), "--no-assign").fails(3);
        assertThat(cli.snapshot()).isEqualTo(before);

        JsonNode completed =
                cli.run("import", good.toString(), "--json").ok().json().path("completedRequest");

        assertThat(completed.path("assignedUsages").get(0).asText()).isEqualTo("WebServicesInternal");
        assertThat(cli.run("requests", "--json").ok().json()).isEmpty();
        assertThat(cli.thumbprints("personal")).hasSize(1);
    }

    @Test
    void aReplyWhoseCaIsNotTrustedYetCompletesTheRequestAndIsAssignedOnceTheCaIsImported() {
        String caThumbprint = io.certwiz.x509.Thumbprint.of(
                        CertFactory.read(caPem).getFirst())
                .hex();
        cli.run("remove", caThumbprint).ok();
        Path good = sign("good.pem", 3, true);

        // The wizard's rule: the reply is kept, the assignment waits for the CA certificates.
        Cli.Result held = cli.run("import", good.toString()).exit(3);

        assertThat(held.out()).contains("completed pending request").contains("Outside CA");
        assertThat(cli.run("requests", "--json").ok().json()).isEmpty();
        String thumbprint = cli.thumbprints("personal").getFirst();
        cli.run("assign", thumbprint, "--usage", "WebServicesInternal").fails(3);
        cli.run("import", caPem.toString(), "--store", "root").ok();
        cli.run("assign", thumbprint, "--usage", "WebServicesInternal").ok();
    }
}
