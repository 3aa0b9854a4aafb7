package io.certwiz.request;

import java.util.List;

/** A request prepared now to send later: its id, where its PEM was written (if it was), and what it asks for. */
public record OfflineRequest(
        long requestId, String file, String subject, List<String> sans, List<String> usages, String csr) {
    /** The same, written to {@code file}. */
    public OfflineRequest writtenTo(String file) {
        return new OfflineRequest(requestId, file, subject, sans, usages, csr);
    }
}
