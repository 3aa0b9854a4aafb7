package io.certwiz.server.tls;

import java.time.Instant;

/**
 * How one usage's listener stands: the thumbprint it presents, whether that is the temporary
 * certificate, why the last swap failed (null when it did not), and since when.
 */
public record ListenerStatus(String thumbprint, boolean temporary, String error, Instant since) {
    /** Why the swap failed, without what was kept instead. */
    String errorCause() {
        return error == null ? null : error.substring(error.indexOf(": ") + 2);
    }
}
