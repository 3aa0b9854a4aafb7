package io.certwiz.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.inventory.ImportService;
import io.certwiz.testing.CertFactory;
import io.certwiz.trust.TrustStore;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A certificate from a CA certwiz cannot reach cannot renew itself: the renewal makes the offline request,
 * says so loudly, keeps the state failing (what alerts catch), and makes no second request while the first
 * waits; the CA's reply, imported, takes the usage over.
 */
class OutsideCaRenewalTest {
    private static final char[] PASSWORD = "pw".toCharArray();

    @TempDir
    Path temp;

    RenewalFixture f;
    CertFactory.Issued root;
    Thumbprint outside;

    @BeforeEach
    void setUp() throws Exception {
        f = new RenewalFixture(temp);
        root = CertFactory.root("Outside Root");
        Instant now = f.clock.instant();
        CertFactory.Issued leaf = CertFactory.leaf(
                root,
                List.of(RenewalFixture.WEB_INTERNAL),
                now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(30)));
        ImportService imports = f.certwiz.imports();
        imports.importBytes(
                CertFactory.pem(root.certificate()).getBytes(StandardCharsets.US_ASCII),
                "root.pem",
                new ImportService.Options(TrustStore.root, null, false, null, false));
        byte[] pfx = io.certwiz.x509.TestPki.pfx(leaf.key(), PASSWORD, leaf.certificate());
        imports.importBytes(
                pfx, "leaf.pfx", new ImportService.Options(TrustStore.personal, PASSWORD, true, "outside", false));
        outside = Thumbprint.of(leaf.certificate());
        f.certwiz.assignments().assign(outside, List.of(Usage.WebServicesInternal));
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void theRenewalMakesTheOfflineRequestOnceAndTheImportedReplyTakesOver() throws Exception {
        f.clock.advance(Duration.ofDays(21));

        RenewalOutcome outcome = f.renewals().pass(100).getFirst();

        assertThat(outcome.result()).isEqualTo(RenewalOutcome.Result.OFFLINE_REQUEST);
        assertThat(outcome.needsAttention()).isTrue();
        assertThat(outcome.ca()).contains("Outside Root");
        assertThat(outcome.message())
                .contains("outside CA")
                .contains("cannot renew itself")
                .contains("Offline request " + outcome.pendingRequest());
        assertThat(outcome.csr()).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
        assertThat(f.certwiz.requests().pending()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo(outcome.pendingRequest());
            assertThat(p.usages()).containsExactly(Usage.WebServicesInternal);
            assertThat(p.friendlyName()).isEqualTo("outside");
        });
        RenewalState state = f.state(outside);
        assertThat(state.pendingRequest()).isEqualTo(outcome.pendingRequest());
        assertThat(state.failing()).isTrue();
        assertThat(state.lastError()).isEqualTo(outcome.message());
        assertThat(f.renewals().failing()).extracting(RenewalState::thumbprint).containsExactly(outside);
        assertThat(f.audit().getFirst()).isEqualTo("renew.offline");
        assertThat(f.assigned(Usage.WebServicesInternal))
                .as("the current certificate keeps serving")
                .isEqualTo(outside);

        // Later attempts find the request still waiting and make no other.
        f.clock.advance(Duration.between(f.clock.instant(), state.nextAttemptAt()));
        RenewalOutcome again = f.renewals().pass(100).getFirst();
        assertThat(again.result()).isEqualTo(RenewalOutcome.Result.OFFLINE_REQUEST);
        assertThat(again.pendingRequest()).isEqualTo(outcome.pendingRequest());
        assertThat(again.csr()).isNull();
        assertThat(f.certwiz.requests().pending()).hasSize(1);
        assertThat(f.state(outside).failures()).isEqualTo(2);

        // The administrator takes the request to the CA and imports its reply: it serves the usage.
        Path csr = Files.writeString(temp.resolve("renewal.csr"), outcome.csr());
        var reply = CertFactory.signRequest(csr, root);
        var imported = f.certwiz
                .imports()
                .importBytes(
                        CertFactory.pem(reply).getBytes(StandardCharsets.US_ASCII),
                        "reply.pem",
                        new ImportService.Options(TrustStore.personal, null, false, null, true));
        assertThat(f.assigned(Usage.WebServicesInternal)).isEqualTo(Thumbprint.of(reply));
        assertThat(f.certwiz.requests().pending()).isEmpty();
        assertThat(imported).isNotNull();

        // The old one serves nothing now: no longer tracked; the new one is.
        f.clock.advance(Duration.ofDays(1));
        assertThat(f.renewals()
                        .renew(outside.hex(), RenewalService.Options.due())
                        .result())
                .isEqualTo(RenewalOutcome.Result.DROPPED);
        assertThat(f.tracked(outside)).isFalse();
        f.renewals().track();
        assertThat(f.tracked(Thumbprint.of(reply))).isTrue();
    }
}
