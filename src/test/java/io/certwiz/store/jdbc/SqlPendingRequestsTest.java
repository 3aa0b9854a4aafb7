package io.certwiz.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.request.PendingRequest;
import io.certwiz.request.PendingRequests;
import io.certwiz.store.Transaction;
import io.certwiz.usage.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pending requests' storage contract, on SQLite and on PostgreSQL. */
class SqlPendingRequestsTest extends StorageContract {
    private static final String CSR = "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n";

    private final PendingRequests pending = new SqlPendingRequests();

    @Test
    void pendingRequestsRoundTripAndAreDeleted() {
        long keyId = store.write(this::key);
        long first = store.write(tx -> pending.add(
                tx, CSR, keyId, List.of(Usage.Default, Usage.WebServicesExternal), "Front end", "offline", T0));
        long second =
                store.write(tx -> pending.add(tx, "csr2", keyId, List.of(Usage.OAuthTokenIssuer), null, "le", T1));
        assertThat(second).isGreaterThan(first);

        assertThat(store.read((Transaction tx) -> pending.find(tx, first)))
                .contains(new PendingRequest(
                        first,
                        CSR,
                        keyId,
                        List.of(Usage.Default, Usage.WebServicesExternal),
                        "Front end",
                        "offline",
                        T0));
        assertThat(store.read((Transaction tx) -> pending.find(tx, second)))
                .contains(new PendingRequest(second, "csr2", keyId, List.of(Usage.OAuthTokenIssuer), null, "le", T1));
        assertThat(store.read((Transaction tx) -> pending.all(tx)))
                .extracting(PendingRequest::id)
                .containsExactly(first, second);

        store.write(tx -> {
            pending.delete(tx, first);
            return null;
        });
        assertThat(store.read((Transaction tx) -> pending.find(tx, first))).isEmpty();
        assertThat(store.read((Transaction tx) -> pending.all(tx)))
                .extracting(PendingRequest::id)
                .containsExactly(second);
    }

    @Test
    void aPendingRequestCannotNameAMissingKey() {
        assertRefused(tx -> pending.add(tx, "csr", 424242L, List.of(Usage.Default), null, "offline", T0));
        assertThat(store.read((Transaction tx) -> pending.all(tx))).isEmpty();
    }
}
