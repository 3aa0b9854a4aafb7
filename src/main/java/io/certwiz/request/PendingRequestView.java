package io.certwiz.request;

import java.util.List;

/** A pending request as the CLI's and the API's JSON show it, with its CSR in PEM. */
public record PendingRequestView(
        long id, String createdAt, List<String> usages, String friendlyName, String ca, String csr) {
    public static PendingRequestView of(PendingRequest request) {
        return new PendingRequestView(
                request.id(),
                request.createdAt().toString(),
                request.usages().stream().map(Enum::name).toList(),
                request.friendlyName(),
                request.ca(),
                request.csrPem());
    }
}
