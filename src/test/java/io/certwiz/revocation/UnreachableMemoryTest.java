package io.certwiz.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certwiz.server.support.MovableClock;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A URL whose fetch failed is not asked again for ten minutes; one that answers is asked every time. */
class UnreachableMemoryTest {
    final MovableClock clock = new MovableClock(Instant.parse("2026-12-03T12:00:00Z"));
    final List<String> asked = new ArrayList<>();
    boolean down = true;

    final Fetcher network = new Fetcher() {
        @Override
        public byte[] get(URI uri, int maxBytes) throws IOException {
            asked.add("GET " + uri);
            if (down) {
                throw new IOException("connect timed out");
            }
            return new byte[] {1};
        }

        @Override
        public byte[] post(URI uri, String contentType, byte[] body, int maxBytes) throws IOException {
            asked.add("POST " + uri);
            if (down) {
                throw new IOException("connection refused");
            }
            return new byte[] {2};
        }
    };
    final UnreachableMemory fetcher = new UnreachableMemory(network, clock);
    final URI crl = URI.create("http://crl.example.com/ca.crl");
    final URI ocsp = URI.create("http://ocsp.example.com/");

    @Test
    void aFailedUrlIsNotAskedAgainForTenMinutesAndThenIs() throws Exception {
        assertThatThrownBy(() -> fetcher.get(crl, 100)).hasMessage("connect timed out");
        clock.advance(Duration.ofMinutes(9));
        assertThatThrownBy(() -> fetcher.get(crl, 100))
                .hasMessageContaining("unreachable at 2026-12-03T12:00:00Z (connect timed out)")
                .hasMessageContaining("asked again after 2026-12-03T12:10:00Z");
        assertThat(asked).containsExactly("GET " + crl);

        assertThatThrownBy(() -> fetcher.post(ocsp, "application/ocsp-request", new byte[0], 100))
                .as("another URL is its own")
                .hasMessage("connection refused");

        down = false;
        clock.advance(Duration.ofMinutes(1));
        assertThat(fetcher.get(crl, 100)).containsExactly(1);
        assertThat(fetcher.get(crl, 100)).containsExactly(1);
        assertThat(asked).containsExactly("GET " + crl, "POST " + ocsp, "GET " + crl, "GET " + crl);
    }

    @Test
    void aUrlThatAnswersAgainIsForgottenAtOnce() throws Exception {
        down = false;
        fetcher.get(crl, 100);
        down = true;
        assertThatThrownBy(() -> fetcher.get(crl, 100)).hasMessage("connect timed out");
        down = false;
        clock.advance(UnreachableMemory.FOR);
        fetcher.get(crl, 100);
        down = true;
        assertThatThrownBy(() -> fetcher.get(crl, 100))
                .as("asked, since the success before it forgot the failure")
                .hasMessage("connect timed out");
        assertThat(asked).hasSize(4);
    }
}
