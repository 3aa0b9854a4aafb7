package io.certwiz.renewal;

import io.certwiz.acme.client.AcmeClientRecords;
import io.certwiz.acme.client.AcmeIssuedRecord;
import io.certwiz.ca.EmbeddedCa;
import io.certwiz.store.Transaction;
import io.certwiz.x509.Thumbprint;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where a held certificate came from, which decides how it renews: the embedded CA issues again, an
 * ACME CA is ordered from by name (with ARI {@code replaces}), and an outside CA only gets an offline
 * request that an administrator must carry to it.
 */
public sealed interface Origin {
    /** The CA's name as {@code --ca} takes it, or the issuer's name for an outside CA. */
    String ca();

    /** Whether certwiz can renew it on its own. */
    default boolean online() {
        return !(this instanceof Outside);
    }

    /** Issued by the embedded CA. */
    record Embedded() implements Origin {
        @Override
        public String ca() {
            return EmbeddedCa.NAME;
        }
    }

    /**
     * Issued by the ACME CA {@code ca}; {@code ariId} is the RFC 9773 certificate id, sent as
     * {@code replaces} when the CA offers renewal information ({@code window} is its last suggestion).
     */
    record Acme(String ca, String ariId, RenewalWindow window) implements Origin {}

    /** Issued by a CA certwiz cannot reach: only an offline request can renew it. */
    record Outside(String issuer) implements Origin {
        @Override
        public String ca() {
            return issuer;
        }
    }

    /** Finds where certificates came from, in the caller's transaction. */
    final class Finder {
        private final AcmeClientRecords acme;
        private final Supplier<EmbeddedCa> embedded;

        public Finder(AcmeClientRecords acme, Supplier<EmbeddedCa> embedded) {
            this.acme = acme;
            this.embedded = embedded;
        }

        public Origin of(Transaction tx, X509Certificate certificate) {
            Optional<AcmeIssuedRecord> issued = acme.issued(tx, Thumbprint.of(certificate));
            if (issued.isPresent()) {
                AcmeIssuedRecord record = issued.get();
                return new Acme(
                        record.caName(),
                        record.hasWindow() ? record.ariId() : null,
                        record.hasWindow() ? new RenewalWindow(record.windowStart(), record.windowEnd()) : null);
            }
            if (issuedByEmbedded(certificate)) {
                return new Embedded();
            }
            return new Outside(certificate.getIssuerX500Principal().getName());
        }

        private boolean issuedByEmbedded(X509Certificate certificate) {
            X509Certificate intermediate;
            try {
                intermediate = embedded.get().intermediate();
            } catch (RuntimeException e) {
                return false; // no embedded CA in this store
            }
            if (!certificate.getIssuerX500Principal().equals(intermediate.getSubjectX500Principal())) {
                return false;
            }
            try {
                certificate.verify(intermediate.getPublicKey());
                return true;
            } catch (GeneralSecurityException | RuntimeException e) {
                return false;
            }
        }
    }
}
