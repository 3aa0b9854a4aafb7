package io.certwiz.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.certwiz.request.RequestOutcome;
import java.util.List;

/** What an import did: each certificate and the store it went to, and the request it completed, if any. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImportOutcome(List<Imported> imported, RequestOutcome completedRequest) {
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Imported(String thumbprint, String subject, String store, boolean privateKey, String note) {}
}
