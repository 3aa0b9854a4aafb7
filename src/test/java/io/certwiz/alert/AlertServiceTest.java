package io.certwiz.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certwiz.Certwiz;
import io.certwiz.InitService;
import io.certwiz.crypto.KeyVault;
import io.certwiz.inventory.ImportService;
import io.certwiz.request.RequestSpec;
import io.certwiz.server.support.MovableClock;
import io.certwiz.store.DataDirectory;
import io.certwiz.store.Database;
import io.certwiz.testing.CertFactory;
import io.certwiz.trust.TrustStore;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.Usage;
import io.certwiz.x509.KeyType;
import io.certwiz.x509.Thumbprint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts over a real store, driven by the injected clock, sent to a webhook on loopback: each fires once,
 * repeats after the repeat interval (at once when it grows more severe), resolves; deliveries are signed
 * and retried.
 */
class AlertServiceTest {
    static final String SECRET = "0123456789abcdef-webhook-key";
    static final ObjectMapper JSON = new ObjectMapper();

    DataDirectory data;
    MovableClock clock;
    Certwiz certwiz;
    WebhookReceiver hook;

    @BeforeEach
    void init(@TempDir java.nio.file.Path dir) {
        data = new DataDirectory(dir.resolve("data"));
        clock = new MovableClock(Instant.now());
        InitService.init(
                data,
                new InitService.Options(
                        ServerIdentity.of("fe01.example.com", null, null, null, List.of()), true, false),
                clock);
        certwiz = new Certwiz(data, Database.openSqlite(data.database()), new KeyVault(data.readMasterKey()), clock);
        hook = new WebhookReceiver();
        certwiz.alerts().channels().addWebhook("ops", hook.url(), SECRET, Severity.warning);
    }

    @AfterEach
    void close() {
        hook.close();
        certwiz.close();
    }

    String request(Usage... usages) {
        return certwiz.requests()
                .online(RequestSpec.builder(List.of(usages))
                        .keyType(KeyType.EC_P256)
                        .build())
                .certificate()
                .thumbprint();
    }

    void assignAll() {
        request(Usage.Default);
        request(Usage.WebServicesInternal);
        request(Usage.WebServicesExternal);
        request(Usage.OAuthTokenIssuer);
    }

    List<JsonNode> bodies() throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (WebhookReceiver.Received r : hook.received) {
            out.add(JSON.readTree(r.body()));
        }
        return out;
    }

    @Test
    void aUsageWithoutACertificateFiresOnceRepeatsAtTheIntervalAndResolves() throws Exception {
        Evaluation first = certwiz.alerts().evaluate(null);
        assertThat(first.failures()).isEmpty();
        assertThat(first.notifications())
                .extracting(Notification::key)
                .containsExactlyInAnyOrder(
                        "no-certificate:Default",
                        "no-certificate:WebServicesInternal",
                        "no-certificate:WebServicesExternal",
                        "no-certificate:OAuthTokenIssuer");
        assertThat(hook.received).hasSize(4);
        // Signed: HMAC-SHA256 of "timestamp.body" under the channel's key.
        WebhookReceiver.Received one = hook.received.getFirst();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256="
                + HexFormat.of()
                        .formatHex(mac.doFinal((one.header("X-Certwiz-Timestamp") + "." + one.body())
                                .getBytes(StandardCharsets.UTF_8)));
        assertThat(one.header("X-Certwiz-Signature")).isEqualTo(expected);
        assertThat(one.header("X-Certwiz-Event")).isEqualTo("firing");
        assertThat(one.header("Content-Type")).isEqualTo("application/json");
        assertThat(bodies().getFirst().path("status").asText()).isEqualTo("firing");
        assertThat(bodies().getFirst().path("server").asText()).isEqualTo("fe01.example.com");

        // Once: the next rounds send nothing until the repeat interval has passed.
        clock.advance(Duration.ofHours(23));
        assertThat(certwiz.alerts().evaluate(null).notifications()).isEmpty();
        assertThat(certwiz.alerts().list().alerts()).hasSize(4).allMatch(AlertsView.Open::firing);
        clock.advance(Duration.ofHours(1));
        List<Notification> repeated = certwiz.alerts().evaluate(null).notifications();
        assertThat(repeated).hasSize(4).allMatch(n -> n.sentCount() == 2);
        assertThat(hook.received).hasSize(8);

        // Resolves when the usage gets a certificate; a resolved alert is sent once.
        request(Usage.Default);
        List<Notification> resolved = certwiz.alerts().evaluate(null).notifications();
        assertThat(resolved).singleElement().satisfies(n -> {
            assertThat(n.status()).isEqualTo("resolved");
            assertThat(n.key()).isEqualTo("no-certificate:Default");
        });
        assertThat(certwiz.alerts().evaluate(null).notifications()).isEmpty();
        assertThat(certwiz.alerts().list().alerts()).hasSize(3);
    }

    @Test
    void expiryWarnsAtAThirdLeftAndEscalatesAtOnceWhenCritical() {
        assignAll();
        // Repeated only every 90 days here, so that what the critical threshold sends is the escalation.
        certwiz.alerts().configure(new AlertThresholds(1.0 / 3, 1.0 / 6, 7, Duration.ofDays(90)));
        assertThat(certwiz.alerts().evaluate(null).notifications()).isEmpty();
        // 365 days: a third left after 243.4 days.
        clock.advance(Duration.ofDays(243));
        assertThat(certwiz.alerts().evaluate(null).notifications()).isEmpty();
        clock.advance(Duration.ofDays(1));
        List<Notification> warnings = certwiz.alerts().evaluate(null).notifications();
        assertThat(warnings).hasSize(4).allMatch(n -> n.kind().equals("expiry") && n.severity() == Severity.warning);
        assertThat(warnings.getFirst().message()).contains("expires").contains("days left");
        // A sixth left (60.8 days) is critical: sent at once, before the repeat interval.
        clock.advance(Duration.ofDays(60));
        assertThat(certwiz.alerts().evaluate(null).notifications()).isEmpty();
        clock.advance(Duration.ofHours(12));
        List<Notification> critical = certwiz.alerts().evaluate(null).notifications();
        assertThat(critical).hasSize(4).allMatch(n -> n.severity() == Severity.critical);
    }

    @Test
    void aCertificateFromAnOutsideCaCannotRenewItself() {
        assignAll();
        CertFactory.Issued root = CertFactory.root("Outside Root");
        Instant now = clock.instant();
        CertFactory.Issued leaf = CertFactory.leaf(
                root, List.of("fe01.example.com"), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        certwiz.imports()
                .importBytes(
                        CertFactory.pem(root.certificate()).getBytes(StandardCharsets.US_ASCII),
                        "root.pem",
                        new ImportService.Options(TrustStore.root, null, false, null, false));
        certwiz.imports()
                .importBytes(
                        CertFactory.pfx(leaf.keys().getPrivate(), "pw".toCharArray(), leaf.certificate()),
                        "leaf.pfx",
                        new ImportService.Options(null, "pw".toCharArray(), false, null, false));
        String outside = Thumbprint.of(leaf.certificate()).hex();
        certwiz.assignments().assign(new Thumbprint(outside), List.of(Usage.WebServicesInternal));

        clock.advance(Duration.ofDays(21));
        List<Notification> sent = certwiz.alerts().evaluate(null).notifications();
        assertThat(sent).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo("cannot-renew");
            assertThat(n.subject()).isEqualTo(outside);
            assertThat(n.message()).contains("cannot renew itself");
        });
        // Seven days left: critical expiry, and the cannot-renew alert resolves into it.
        clock.advance(Duration.ofDays(3));
        List<Notification> critical = certwiz.alerts().evaluate(null).notifications();
        assertThat(critical)
                .extracting(Notification::key, Notification::status)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("expiry:" + outside, "firing"),
                        org.assertj.core.groups.Tuple.tuple("cannot-renew:" + outside, "resolved"));
    }

    @Test
    void aFailingWebhookIsRetriedAndAFailureReported() {
        assignAll();
        certwiz.assignments().unassign(List.of(Usage.OAuthTokenIssuer));
        hook.answer(500);
        Evaluation retried = certwiz.alerts().evaluate(null);
        assertThat(retried.failures()).isEmpty();
        assertThat(hook.received).hasSize(2);

        certwiz.assignments().unassign(List.of(Usage.Default));
        hook.answer(503, 503, 503);
        Evaluation failed = certwiz.alerts().evaluate(null);
        assertThat(hook.received).hasSize(5);
        assertThat(failed.failures()).singleElement().asString().contains("ops").contains("HTTP 503");
        // A refusal that is not the server's fault is not retried.
        certwiz.assignments().unassign(List.of(Usage.WebServicesExternal));
        hook.answer(400);
        assertThat(certwiz.alerts().evaluate(null).failures())
                .singleElement()
                .asString()
                .contains("HTTP 400");
        assertThat(hook.received).hasSize(6);
    }

    @Test
    void channelsBelowTheirMinimumSeverityGetNothingAndSecretsAreSealed() throws Exception {
        certwiz.alerts().channels().remove("ops");
        certwiz.alerts().channels().addWebhook("pager", hook.url(), SECRET, Severity.critical);
        assertThat(certwiz.alerts().evaluate(null).notifications()).hasSize(4);
        assertThat(hook.received).isEmpty();
        // The key is in the store only sealed.
        String stored = certwiz.store()
                .read((io.certwiz.store.Transaction tx) -> new io.certwiz.store.jdbc.SqlAlertRecords()
                        .channel(tx, "pager")
                        .orElseThrow()
                        .sealedSecret());
        assertThat(stored).doesNotContain(SECRET);
        assertThat(JSON.writeValueAsString(certwiz.alerts().list()))
                .doesNotContain(SECRET)
                .doesNotContain(stored);
        assertThat(certwiz.alerts().test("pager")).containsExactly("pager");
        assertThat(hook.received)
                .singleElement()
                .satisfies(r -> assertThat(r.header("X-Certwiz-Event")).isEqualTo("test"));
    }
}
