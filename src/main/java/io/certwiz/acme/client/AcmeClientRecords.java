package io.certwiz.acme.client;

import io.certwiz.store.Transaction;
import io.certwiz.x509.Thumbprint;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The ACME client's storage: the accounts certwiz holds at ACME CAs, what those CAs said about the
 * certificates they issued, and the challenge answers published for the running server to give.
 */
public interface AcmeClientRecords {
    /** Adds an ACME CA's account; its name must be new. */
    void addAccount(Transaction tx, AcmeAccountRecord account);

    Optional<AcmeAccountRecord> account(Transaction tx, String name);

    /** The ACME CAs, by name. */
    List<AcmeAccountRecord> accounts(Transaction tx);

    void deleteAccount(Transaction tx, String name);

    /** Records, or replaces, what an ACME CA said about a certificate it issued. */
    void putIssued(Transaction tx, AcmeIssuedRecord record);

    Optional<AcmeIssuedRecord> issued(Transaction tx, Thumbprint thumbprint);

    /**
     * Publishes a challenge answer for a running server to give until {@code expiresAt}: http-01 at the
     * token's path, tls-alpn-01 for the identifier. A token published again replaces its answer.
     */
    void putChallenge(
            Transaction tx,
            String token,
            ChallengeType type,
            String keyAuthorization,
            String identifier,
            Instant expiresAt);

    /** The key authorization for an http-01 token, unless it expired before {@code now}. */
    Optional<String> http01Answer(Transaction tx, String token, Instant now);

    /** True while any tls-alpn-01 answer is published and not expired. */
    boolean tlsAlpnPending(Transaction tx, Instant now);

    /** A tls-alpn-01 answer by its token, unless it expired before {@code now}. */
    Optional<PublishedChallenge> tlsAlpnAnswer(Transaction tx, String token, Instant now);

    /** Withdraws an answer, and every one that expired before {@code now}. */
    void deleteChallenge(Transaction tx, String token, Instant now);
}
