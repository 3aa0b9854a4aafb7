package io.certwiz.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.revocation.OcspStaple;
import io.certwiz.server.support.MovableClock;
import io.certwiz.testing.CertFactory;
import io.certwiz.usage.Usage;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * When a listener asks for its staple (new certificate, half of the response's validity, a minute after a
 * failure) and what it staples meanwhile (the last good answer until its nextUpdate; nothing once the
 * responder says revoked, nor for a certificate that is not the one presented).
 */
class OcspStaplerTest {
    static final Usage USAGE = Usage.WebServicesInternal;
    final MovableClock clock = new MovableClock(Instant.parse("2026-12-03T12:00:00Z"));
    final CertFactory.Issued ca = CertFactory.root("Stapling CA");
    final List<String> asked = new ArrayList<>();
    final AtomicReference<Object> answer = new AtomicReference<>();
    final AtomicReference<KeyMaterial> presented = new AtomicReference<>();

    final StapleSource source = (certificate, issuer, at) -> {
        asked.add(certificate.getSerialNumber().toString(16) + "@" + at);
        Object next = answer.get();
        if (next instanceof IOException e) {
            throw e;
        }
        return (OcspStaple) next;
    };
    final OcspStapler stapler = new OcspStapler(source, usage -> presented.get(), clock);

    KeyMaterial material(String ocspUrl) {
        CertFactory.Issued leaf = ocspUrl == null
                ? CertFactory.leaf(ca, List.of("www.example.com"))
                : CertFactory.leafWithOcsp(ca, List.of("www.example.com"), ocspUrl);
        return new KeyMaterial(List.of(leaf.certificate(), ca.certificate()), leaf.key(), false);
    }

    /** A good answer made now, valid for a day. */
    OcspStaple day(String tag) {
        return new OcspStaple(tag.getBytes(), clock.instant(), clock.instant().plus(Duration.ofDays(1)));
    }

    String stapled() {
        byte[] der = stapler.staple(USAGE);
        return der == null ? null : new String(der);
    }

    void refresh() {
        stapler.refresh(List.of(USAGE), false);
    }

    @Test
    void asksOnceThenAgainAtHalfOfTheValidity() {
        presented.set(material("http://ocsp.example.com"));
        answer.set(day("first"));
        refresh();
        assertThat(stapled()).isEqualTo("first");
        assertThat(asked).hasSize(1);

        answer.set(day("second"));
        clock.advance(Duration.ofHours(11).plusMinutes(59));
        refresh();
        assertThat(asked).as("before half of the validity").hasSize(1);
        assertThat(stapled()).isEqualTo("first");

        clock.advance(Duration.ofMinutes(1));
        refresh();
        assertThat(asked).hasSize(2);
        assertThat(stapled()).isEqualTo("second");
    }

    @Test
    void keepsTheLastGoodAnswerUntilItsNextUpdateWhileTheResponderIsDown() {
        presented.set(material("http://ocsp.example.com"));
        answer.set(day("good"));
        refresh();
        answer.set(new IOException("connection refused"));
        clock.advance(Duration.ofHours(12));
        refresh();
        assertThat(stapled()).as("kept").isEqualTo("good");
        assertThat(stapler.state(USAGE).error()).isEqualTo("connection refused");

        clock.advance(Duration.ofSeconds(30));
        refresh();
        assertThat(asked).as("retried only after a minute").hasSize(2);
        clock.advance(Duration.ofSeconds(30));
        refresh();
        assertThat(asked).hasSize(3);

        clock.advance(Duration.ofHours(12));
        assertThat(stapled())
                .as("past its nextUpdate, even before the next ask")
                .isNull();
        refresh();
        assertThat(stapled()).isNull();

        answer.set(day("back"));
        clock.advance(OcspStapler.RETRY);
        refresh();
        assertThat(stapled()).isEqualTo("back");
        assertThat(stapler.state(USAGE).error()).isNull();
    }

    @Test
    void aRevokedAnswerEndsTheStaplingAtOnce() {
        presented.set(material("http://ocsp.example.com"));
        answer.set(day("good"));
        refresh();
        answer.set(new OcspStaple.NotGood("revoked"));
        stapler.refresh(List.of(USAGE), true);
        assertThat(stapled()).isNull();
        assertThat(stapler.state(USAGE).error()).contains("revoked");
    }

    @Test
    void aNewCertificateIsAskedForAtOnceAndNeverGetsTheOldStaple() {
        presented.set(material("http://ocsp.example.com"));
        answer.set(day("old"));
        refresh();
        KeyMaterial renewed = material("http://ocsp.example.com");
        presented.set(renewed);
        assertThat(stapled())
                .as("before the next refresh: not the old certificate's")
                .isNull();
        answer.set(day("new"));
        refresh();
        assertThat(asked).hasSize(2);
        X509Certificate leaf = renewed.chain().getFirst();
        assertThat(asked.get(1)).startsWith(leaf.getSerialNumber().toString(16) + "@");
        assertThat(stapled()).isEqualTo("new");
    }

    @Test
    void nothingIsAskedForACertificateThatNamesNoResponderNorForATemporaryOne() {
        presented.set(material(null));
        answer.set(day("never"));
        refresh();
        KeyMaterial named = material("http://ocsp.example.com");
        presented.set(new KeyMaterial(named.chain(), named.key(), true));
        refresh();
        assertThat(asked).isEmpty();
        assertThat(stapled()).isNull();
    }
}
