package io.certwiz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.certwiz.testing.Cli;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certwiz alerts list|test|add-webhook|add-email|remove|configure|check} through the CLI's entry point. */
class AlertsCommandTest {
    @TempDir
    Path temp;

    Cli cli;
    HttpServer hook;
    final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        cli = Cli.in(temp);
        cli.init();
        hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            received.add(exchange.getRequestHeaders().getFirst("X-Certwiz-Event") + " "
                    + new String(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
    }

    @AfterEach
    void tearDown() {
        hook.stop(0);
    }

    String url() {
        return "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook";
    }

    @Test
    void addAWebhookTestItListTheAlertsAndRemoveIt() {
        assertThat(cli.run("alerts", "test").failsWithOneLine(4).errLine()).contains("no alert channel");
        Cli.Result added =
                cli.run("alerts", "add-webhook", "ops", "--url", url()).ok();
        String key = added.out().lines().toList().getLast().strip();
        assertThat(key).matches("[0-9a-f]{64}");
        cli.run("alerts", "add-webhook", "ops", "--url", url()).failsWithOneLine(3);
        cli.run("alerts", "add-webhook", "bad", "--url", "ftp://example.com/").failsWithOneLine(2);
        cli.run("alerts", "add-webhook", "bad", "--url", url(), "--min-severity", "loud")
                .failsWithOneLine(2);

        assertThat(cli.run("alerts", "test", "ops").ok().out()).contains("Sent a test alert to ops");
        assertThat(received).singleElement().asString().startsWith("test ");

        // Every usage lacks a certificate: check opens and sends those alerts once.
        assertThat(cli.run("alerts", "check").ok().out()).contains("4 open; 4 sent");
        assertThat(cli.run("alerts", "check").ok().out()).contains("4 open; 0 sent");
        assertThat(received).hasSize(5);
        Cli.Result list = cli.run("alerts", "list").ok();
        assertThat(list.out())
                .contains("no-certificate")
                .contains("Default has no certificate")
                .contains("ops");
        assertThat(list.out()).doesNotContain(key);
        JsonNode json = cli.run("alerts", "list", "--json").ok().json();
        assertThat(json.path("alerts")).hasSize(4);
        assertThat(json.path("channels").get(0).path("name").asText()).isEqualTo("ops");
        assertThat(json.toString()).doesNotContain(key);
        assertThat(cli.run("audit").ok().out()).contains("alerts.add").doesNotContain(key);

        cli.run("alerts", "remove", "ops").ok();
        cli.run("alerts", "remove", "ops").failsWithOneLine(4);
    }

    @Test
    void addEmailChecksItsSettingsAndConfigureTheThresholds() {
        Path pw = Cli.writeString(temp.resolve("pw"), "smtp-pass\n");
        JsonNode email = cli.run(
                        "alerts",
                        "add-email",
                        "mail",
                        "--to",
                        "ops@example.com",
                        "--from",
                        "certwiz@example.com",
                        "--smtp-host",
                        "smtp.example.com",
                        "--smtp-user",
                        "certwiz",
                        "--smtp-password-file",
                        pw.toString(),
                        "--json")
                .ok()
                .json();
        assertThat(email.path("smtp").asText()).contains("smtp.example.com:587").contains("starttls");
        assertThat(email.toString()).doesNotContain("smtp-pass");
        cli.run("alerts", "add-email", "m2", "--to", "not-an-address", "--from", "a@b", "--smtp-host", "h")
                .failsWithOneLine(2);
        cli.run(
                        "alerts",
                        "add-email",
                        "m3",
                        "--to",
                        "a@b",
                        "--from",
                        "a@b",
                        "--smtp-host",
                        "mail.example.com",
                        "--smtp-security",
                        "none")
                .failsWithOneLine(2);

        JsonNode set = cli.run(
                        "alerts", "configure", "--warning", "25%", "--critical-days", "3", "--repeat", "6h", "--json")
                .ok()
                .json();
        assertThat(set.path("warningShare").asDouble()).isEqualTo(0.25);
        assertThat(cli.run("alerts", "list", "--json")
                        .ok()
                        .json()
                        .path("thresholds")
                        .path("repeat")
                        .asText())
                .isEqualTo("PT6H");
        cli.run("alerts", "configure", "--critical", "1/2").failsWithOneLine(2);
        cli.run("alerts", "configure", "--repeat", "1m").failsWithOneLine(2);
    }
}
