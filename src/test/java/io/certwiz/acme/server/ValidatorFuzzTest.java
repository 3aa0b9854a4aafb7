package io.certwiz.acme.server;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.certwiz.testing.FuzzContract;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;

/**
 * The ACME validator's readers of what a target sends. {@link HttpAnswer#read} (http-01) reads any bytes
 * as an HTTP/1.x answer or refuses them with {@link HttpAnswer.Malformed}, whose message is one of its own
 * (never the peer's bytes), and never reads more than {@link HttpAnswer#MAX_BYTES}; the first byte of an
 * input sets how many bytes each read returns, as a slow or fragmenting peer would send them. {@link
 * Validator#checkChallengeCertificate} (tls-alpn-01) judges any certificate the JDK parses without
 * throwing.
 */
class ValidatorFuzzTest {
    /** Every message {@link HttpAnswer.Malformed} may carry. */
    private static final Set<String> MESSAGES = Set.of(
            "the answer is larger than " + HttpAnswer.MAX_BYTES + " bytes",
            "the answer ends inside its header",
            "the answer ends before its body does",
            "the status line is not HTTP/1.x",
            "a header line is malformed",
            "the Content-Length headers disagree",
            "the Content-Length is not a number",
            "the Transfer-Encoding names no coding last",
            "a chunk is not followed by CRLF",
            "a chunk size is not a hexadecimal number",
            "a chunk is larger than " + HttpAnswer.MAX_BYTES + " bytes");

    @BeforeAll
    static void noHooksInRegressionMode() {
        FuzzContract.noHooksInRegressionMode();
    }

    @FuzzTest(maxDuration = "5m")
    void httpAnswerIsReadOrMalformed(byte[] data) throws IOException {
        int step = data.length == 0 ? 1 : 1 + (data[0] & 0xFF);
        byte[] answer = data.length == 0 ? data : Arrays.copyOfRange(data, 1, data.length);
        Fragmenting in = new Fragmenting(answer, step);
        try {
            HttpAnswer read = HttpAnswer.read(in);
            if (read.status() < 100 || read.status() > 599) {
                throw new AssertionError("status " + read.status());
            }
            if (read.body().length() > HttpAnswer.MAX_BYTES) {
                throw new AssertionError("a body of " + read.body().length() + " characters");
            }
        } catch (HttpAnswer.Malformed e) {
            if (!MESSAGES.contains(e.getMessage())) {
                throw new AssertionError("a message of its own was expected: " + e.getMessage(), e);
            }
        }
        if (in.consumed > HttpAnswer.MAX_BYTES) {
            throw new AssertionError("read " + in.consumed + " bytes");
        }
    }

    @FuzzTest(maxDuration = "5m")
    void challengeCertificateIsJudged(byte[] der) {
        X509Certificate certificate;
        try {
            certificate = (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            return; // the TLS handshake would have failed before the validator sees it
        }
        Validator.Outcome outcome = Validator.checkChallengeCertificate(
                certificate, "a.fuzz.test", "token.thumbprint", " (a.fuzz.test:443)");
        if (!outcome.valid()) {
            FuzzContract.oneLine("outcome detail", outcome.detail(), null);
        }
    }

    /** Returns at most {@code step} bytes a read, and counts what was read. */
    private static final class Fragmenting extends InputStream {
        private final byte[] data;
        private final int step;
        private int at;
        int consumed;

        Fragmenting(byte[] data, int step) {
            this.data = data;
            this.step = step;
        }

        @Override
        public int read() {
            return at < data.length ? data[at++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (at >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(length, step), data.length - at);
            System.arraycopy(data, at, buffer, offset, n);
            at += n;
            consumed += n;
            return n;
        }
    }
}
