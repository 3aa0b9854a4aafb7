package io.certwiz.request;

import io.certwiz.usage.Usage;
import java.time.Instant;
import java.util.List;

/** An offline request waiting for the CA's reply; its key stays in the store until then. */
public record PendingRequest(
        long id, String csrPem, long keyId, List<Usage> usages, String friendlyName, String ca, Instant createdAt) {
    public PendingRequest {
        usages = List.copyOf(usages);
    }
}
