package io.certwiz.ca;

import io.certwiz.usage.Usage;
import java.util.List;

/**
 * What a CA is asked for beside the CSR: the usages the certificate is for, and options only some CAs read
 * (an ACME CA's challenge and timeout; {@code null} when there are none). Built by a request.
 */
public record Submission(List<Usage> usages, Options options) {
    public Submission {
        usages = List.copyOf(usages);
    }

    public static Submission of(List<Usage> usages) {
        return new Submission(usages, null);
    }

    /** The options a kind of CA reads; a CA ignores options of another kind. */
    public interface Options {}
}
