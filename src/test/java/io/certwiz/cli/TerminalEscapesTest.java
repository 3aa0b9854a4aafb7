package io.certwiz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.testing.CertFactory;
import io.certwiz.testing.CertFactory.Issued;
import io.certwiz.testing.Cli;
import io.certwiz.x509.Thumbprint;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values a certificate or an argument brings (a CN, a friendly name, a SAN) reach a terminal escaped:
 * no line feed, carriage return or escape sequence from them is printed raw, in text or error lines.
 */
class TerminalEscapesTest {
    private static final String FORGED = "Evil\nForged line\r\u001b[2J\u202E";

    @TempDir
    Path temp;

    Cli cli;

    @BeforeEach
    void setUp() {
        cli = Cli.in(temp);
        cli.init();
    }

    /** Nothing raw: the only control characters left are the program's own line ends. */
    private static void noRawControls(String text) {
        assertThat(text.replace("\n", ""))
                .as("output with its line ends taken out:%n%s", text)
                .doesNotContain("\r")
                .doesNotContain("\u001b")
                .doesNotContain("\u202E");
        assertThat(text.lines()).noneMatch(line -> line.startsWith("Forged line"));
    }

    @Test
    void aSubjectCnWithControlCharactersIsEscapedInListAndShow() {
        Issued root = CertFactory.root(FORGED);
        String thumbprint = Thumbprint.of(root.certificate()).hex();
        Cli.Result imported = cli.run(
                        "import",
                        CertFactory.writePem(temp.resolve("root.pem"), root.certificate())
                                .toString(),
                        "--store",
                        "root")
                .ok();

        Cli.Result list = cli.run("list").ok();
        Cli.Result show = cli.run("show", thumbprint).ok();

        for (Cli.Result result : List.of(imported, list, show)) {
            noRawControls(result.out());
        }
        assertThat(list.out()).contains("Evil\\nForged line\\r\\x1B[2J\\u202E");
        assertThat(show.out()).contains("Evil\\nForged line");
        // JSON carries the value as it is (escaped by JSON itself).
        assertThat(cli.run("show", thumbprint, "--json")
                        .ok()
                        .json()
                        .path("subject")
                        .asText())
                .contains(FORGED);
    }

    @Test
    void aFriendlyNameWithControlCharactersIsEscaped() {
        String thumbprint = cli.request("Default", "--friendly-name", "web\n\u001b[31mred");

        Cli.Result show = cli.run("show", thumbprint).ok();

        noRawControls(show.out());
        assertThat(show.out()).contains("web\\n\\x1B[31mred");
    }

    @Test
    void anUntrustedChainNamingAForgedIssuerIsEscapedInTheErrorLines() {
        Issued root = CertFactory.root(FORGED);
        Issued leaf = CertFactory.leaf(root, List.of(Cli.FQDN));
        Path file = CertFactory.writePem(temp.resolve("leaf.pem"), leaf.certificate());

        Cli.Result verify = cli.run("verify", file.toString()).exit(3);

        noRawControls(verify.out());
        noRawControls(verify.err());
        assertThat(verify.out() + verify.err()).contains("Evil\\nForged line");
    }

    @Test
    void controlCharactersInAnEchoedArgumentAreEscaped() {
        Cli.Result san = cli.run("request", "--usage", "Default", "--san", "dns:a\u001b[2Jb.example.com")
                .failsWithOneLine(2);
        Cli.Result option = cli.run("list", "--no-such\nForged line").exit(2);

        noRawControls(san.err());
        noRawControls(option.err());
        assertThat(san.err()).contains("\\x1B[2J");
    }
}
