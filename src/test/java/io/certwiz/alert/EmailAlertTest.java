package io.certwiz.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.certwiz.Certwiz;
import io.certwiz.CertwizException;
import io.certwiz.Failure;
import io.certwiz.InitService;
import io.certwiz.crypto.KeyVault;
import io.certwiz.inventory.ImportService;
import io.certwiz.server.support.MovableClock;
import io.certwiz.store.DataDirectory;
import io.certwiz.store.Database;
import io.certwiz.testing.CertFactory;
import io.certwiz.trust.TrustStore;
import io.certwiz.usage.ServerIdentity;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Email alerts through a real SMTP server (Debian's python3-aiosmtpd, which ./run-tests installs) that
 * requires STARTTLS and then AUTH: the message arrives over TLS from the configured user, a wrong password
 * and an untrusted server certificate each fail in one line.
 */
class EmailAlertTest {
    static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    Process smtp;
    int port;
    Path inbox;
    Certwiz certwiz;
    CertFactory.Issued root;

    @BeforeEach
    void start() throws Exception {
        root = CertFactory.root("SMTP Test Root");
        CertFactory.Issued server = CertFactory.leaf(root, List.of("localhost"));
        Path cert = CertFactory.writePem(dir.resolve("smtp.crt"), server.certificate());
        Path key = CertFactory.writePem(dir.resolve("smtp.key"), server.keys().getPrivate());
        inbox = Files.createDirectories(dir.resolve("inbox"));
        Path script = dir.resolve("smtp_server.py");
        try (InputStream in = getClass().getResourceAsStream("smtp_server.py")) {
            Files.write(script, in.readAllBytes());
        }
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        smtp = new ProcessBuilder(
                        PYTHON,
                        script.toString(),
                        "127.0.0.1",
                        Integer.toString(port),
                        cert.toString(),
                        key.toString(),
                        "alerts",
                        "s3cret-pw",
                        inbox.toString())
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(smtp.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line)
                .as("the SMTP server (needs Debian's python3-aiosmtpd; ./run-tests installs it) said")
                .isEqualTo("READY");

        DataDirectory data = new DataDirectory(dir.resolve("data"));
        MovableClock clock = new MovableClock(Instant.now());
        InitService.init(
                data,
                new InitService.Options(
                        ServerIdentity.of("fe01.example.com", null, null, null, List.of()), true, false),
                clock);
        certwiz = new Certwiz(data, Database.openSqlite(data.database()), new KeyVault(data.readMasterKey()), clock);
    }

    @AfterEach
    void stop() throws Exception {
        if (certwiz != null) {
            certwiz.close();
        }
        if (smtp != null) {
            smtp.getOutputStream().close();
            if (!smtp.waitFor(10, TimeUnit.SECONDS)) {
                smtp.destroyForcibly();
            }
        }
    }

    void trustTheSmtpServersRoot() {
        certwiz.imports()
                .importBytes(
                        CertFactory.pem(root.certificate()).getBytes(StandardCharsets.US_ASCII),
                        "root.pem",
                        new ImportService.Options(TrustStore.root, null, false, null, false));
    }

    List<String> messages() throws Exception {
        try (var files = Files.list(inbox)) {
            return files.filter(f -> f.toString().endsWith(".eml"))
                    .sorted()
                    .map(f -> {
                        try {
                            return Files.readString(f);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .toList();
        }
    }

    void addChannel(String name, String password) {
        certwiz.alerts()
                .channels()
                .addEmail(
                        name,
                        List.of("ops@example.com", "pager@example.com"),
                        new EmailSender.Smtp("localhost", port, "starttls", "alerts", "certwiz@example.com"),
                        password.toCharArray(),
                        Severity.warning);
    }

    @Test
    void alertsArriveOverStartTlsFromTheAuthenticatedUser() throws Exception {
        addChannel("mail", "s3cret-pw");
        // The server's certificate chains to a root nobody here trusts yet.
        CertwizException untrusted = catchThrowableOfType(
                CertwizException.class, () -> certwiz.alerts().test("mail"));
        assertThat(untrusted.failure()).isEqualTo(Failure.ERROR);
        assertThat(untrusted.getMessage()).contains("localhost:" + port).doesNotContain("\n");
        assertThat(messages()).isEmpty();

        trustTheSmtpServersRoot();
        assertThat(certwiz.alerts().test("mail")).containsExactly("mail");
        assertThat(messages()).singleElement().satisfies(m -> {
            assertThat(m).contains("X-Test-TLS: yes").contains("X-Test-User: alerts");
            assertThat(m).contains("X-Test-Rcpt: ops@example.com,pager@example.com");
            assertThat(m).contains("Subject: [certwiz CRITICAL] test: certwiz on fe01.example.com");
            assertThat(m).contains("a test alert from certwiz");
        });

        Evaluation round = certwiz.alerts().evaluate(null);
        assertThat(round.failures()).isEmpty();
        assertThat(messages()).hasSize(5);
        assertThat(messages().get(1)).contains("has no certificate").contains("X-Certwiz-Alert: no-certificate:");
    }

    @Test
    void aWrongPasswordFailsInOneLine() throws Exception {
        trustTheSmtpServersRoot();
        addChannel("wrong", "not-the-password");
        CertwizException refused = catchThrowableOfType(
                CertwizException.class, () -> certwiz.alerts().test("wrong"));
        assertThat(refused.getMessage()).contains("did not take the alert").doesNotContain("\n");
        assertThat(messages()).isEmpty();
        assertThat(certwiz.alerts().evaluate(null).failures()).hasSize(4).allMatch(f -> f.startsWith("wrong: "));
    }
}
