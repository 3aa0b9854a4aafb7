package io.certwiz.request;

import java.util.List;

/** A request prepared now to send later: its id, where its PEM was written, and what it asks for. */
public record OfflineRequest(
        long requestId, String file, String subject, List<String> sans, List<String> usages, String csr) {}
