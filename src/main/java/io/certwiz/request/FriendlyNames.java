package io.certwiz.request;

import io.certwiz.CertwizException;
import io.certwiz.certificate.CertificateRecords;
import io.certwiz.store.Transaction;
import io.certwiz.x509.Thumbprint;
import java.util.Locale;
import java.util.Map;

/**
 * The rule that a friendly name is unique among this server's certificates and the pending requests
 * (whose name their certificate takes when the reply comes). Names compare without regard to case or
 * surrounding spaces. Checked in the transaction that sets the name: import, request (online and offline).
 */
public final class FriendlyNames {
    private final CertificateRecords certificates;
    private final PendingRequests pending;

    public FriendlyNames(CertificateRecords certificates, PendingRequests pending) {
        this.certificates = certificates;
        this.pending = pending;
    }

    /** The name as it is kept: stripped, null when blank. */
    public static String normalize(String name) {
        return name == null || name.isBlank() ? null : name.strip();
    }

    /** Refuses {@code name} when a certificate other than {@code self} (null: none) or a pending request has it. */
    public void refuseTaken(Transaction tx, String name, Thumbprint self) {
        String wanted = key(name);
        if (wanted == null) {
            return;
        }
        for (Map.Entry<Thumbprint, String> held : certificates.friendlyNames(tx).entrySet()) {
            if (!held.getKey().equals(self) && wanted.equals(key(held.getValue()))) {
                throw refusal(name, "certificate " + held.getKey().hex());
            }
        }
        for (PendingRequest request : pending.all(tx)) {
            if (wanted.equals(key(request.friendlyName()))) {
                throw refusal(name, "pending request " + request.id());
            }
        }
    }

    /** The certificate that has the name now (a renewal's predecessor, while its successor is requested). */
    public java.util.Optional<Thumbprint> holder(Transaction tx, String name) {
        String wanted = key(name);
        if (wanted == null) {
            return java.util.Optional.empty();
        }
        return certificates.friendlyNames(tx).entrySet().stream()
                .filter(held -> wanted.equals(key(held.getValue())))
                .map(java.util.Map.Entry::getKey)
                .findFirst();
    }

    private static CertwizException refusal(String name, String holder) {
        String message = "the friendly name '" + name.strip() + "' is already used by " + holder
                + "; friendly names are unique on this server: choose another";
        return CertwizException.refused(message);
    }

    private static String key(String name) {
        String normalized = normalize(name);
        return normalized == null ? null : normalized.toLowerCase(Locale.ROOT);
    }
}
