package io.certwiz.ca;

import io.certwiz.usage.Usage;
import java.time.Duration;
import java.util.List;

/**
 * What a CA is asked for beside the CSR: the usages the certificate is for, the validity asked for
 * ({@code null}: the CA's default; only the embedded CA takes one, see
 * {@link CertificateAuthority#checkValidity}), and options only some CAs read (an ACME CA's challenge and
 * timeout; {@code null} when there are none). Built by a request.
 */
public record Submission(List<Usage> usages, Duration validity, Options options) {
    public Submission {
        usages = List.copyOf(usages);
    }

    public static Submission of(List<Usage> usages) {
        return new Submission(usages, null, null);
    }

    /** The options a kind of CA reads; a CA ignores options of another kind. */
    public interface Options {}
}
