package io.certwiz.store;

import io.certwiz.ca.IssuedRecord;
import io.certwiz.crypto.StoredKey;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.x509.Thumbprint;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One open transaction on the store, opaque: each domain reaches its rows through its own storage
 * interface ({@code certificate.CertificateRecords}, {@code audit.AuditLog}, ...), whose adapters live in
 * {@code io.certwiz.store.jdbc}. The methods below are what {@code io.certwiz.acme} still calls; they go
 * when acme moves to its own storage interfaces.
 */
public interface Transaction {
    // Kept for io.certwiz.acme until it moves (usage.ServerIdentityRecords).
    Optional<ServerIdentity> identity();

    // Kept for io.certwiz.acme until it moves (store.Settings).
    Optional<String> setting(String name);

    // Kept for io.certwiz.acme until it moves (store.Settings).
    void putSetting(String name, String value);

    // Kept for io.certwiz.acme until it moves (crypto.KeyRecords).
    long addKey(String algorithm, byte[] publicKey, byte[] sealed, boolean exportable, Instant createdAt);

    // Kept for io.certwiz.acme until it moves (crypto.KeyRecords).
    Optional<StoredKey> key(long id);

    // Kept for io.certwiz.acme until it moves (crypto.KeyRecords).
    void deleteKey(long id);

    // Kept for io.certwiz.acme until it moves (ca.IssuanceLedger).
    Optional<IssuedRecord> issued(BigInteger serial);

    // Kept for io.certwiz.acme until it moves (ca.IssuanceLedger).
    void revoke(BigInteger serial, Instant at, int reason);

    // Kept for io.certwiz.acme's tests until they move (ca.IssuanceLedger).
    long issuedCount();

    // Kept for io.certwiz.acme until it moves (audit.AuditLog).
    void audit(Instant at, String actor, String operation, List<String> thumbprints, String detail);

    // --- ACME client

    /** Adds an ACME CA's account; its name must be new. */
    void addAcmeAccount(io.certwiz.acme.client.AcmeAccountRecord account);

    Optional<io.certwiz.acme.client.AcmeAccountRecord> acmeAccount(String name);

    /** The ACME CAs, by name. */
    List<io.certwiz.acme.client.AcmeAccountRecord> acmeAccounts();

    void deleteAcmeAccount(String name);

    /** Records, or replaces, what an ACME CA said about a certificate it issued. */
    void putAcmeIssued(io.certwiz.acme.client.AcmeIssuedRecord record);

    Optional<io.certwiz.acme.client.AcmeIssuedRecord> acmeIssued(Thumbprint thumbprint);

    /**
     * Publishes a challenge answer for a running server to give until {@code expiresAt}: {@code type} is
     * {@code http-01} (served at the token's path) or {@code tls-alpn-01} (presented for the identifier).
     */
    void putAcmeChallenge(String token, String type, String keyAuthorization, String identifier, Instant expiresAt);

    /** The key authorization for an http-01 token, unless it expired before {@code now}. */
    Optional<String> acmeChallenge(String token, Instant now);

    /** True while any tls-alpn-01 answer is published and not expired. */
    boolean acmeTlsAlpnPending(Instant now);

    /** A tls-alpn-01 answer by its token, unless it expired before {@code now}. */
    Optional<io.certwiz.acme.client.PublishedChallenge> acmeTlsAlpnChallenge(String token, Instant now);

    /** Withdraws an answer, and every one that expired before {@code now}. */
    void deleteAcmeChallenge(String token, Instant now);

    // --- ACME server

    /** The embedded CA's ACME issuance policy: allowed and denied names and suffixes, by pattern. */
    List<io.certwiz.acme.server.PolicyEntry> acmeServerPolicy();

    /** Adds a policy line, or changes an existing pattern to allow or deny. */
    void putAcmeServerPolicy(io.certwiz.acme.server.PolicyEntry entry);

    /** Removes a policy line; false when there was none. */
    boolean deleteAcmeServerPolicy(String pattern);

    void addAcmeServerEabKey(io.certwiz.acme.server.EabKey key);

    Optional<io.certwiz.acme.server.EabKey> acmeServerEabKey(String kid);

    List<io.certwiz.acme.server.EabKey> acmeServerEabKeys();

    /** Binds an unused EAB key to an account; false when it is unknown or already bound. */
    boolean bindAcmeServerEabKey(String kid, String accountId);

    boolean deleteAcmeServerEabKey(String kid);

    void addAcmeServerAccount(io.certwiz.acme.server.AcmeAccount account);

    Optional<io.certwiz.acme.server.AcmeAccount> acmeServerAccount(String id);

    Optional<io.certwiz.acme.server.AcmeAccount> acmeServerAccountByKey(String keyThumbprint);

    /** Stores an account's key, status and contacts. */
    void updateAcmeServerAccount(io.certwiz.acme.server.AcmeAccount account);

    /** Adds an order with its authorizations. */
    void addAcmeServerOrder(
            io.certwiz.acme.server.AcmeOrder order, List<io.certwiz.acme.server.AcmeAuthorization> authorizations);

    Optional<io.certwiz.acme.server.AcmeOrder> acmeServerOrder(String id);

    /** An account's order ids, newest first, at most {@code limit}. */
    List<String> acmeServerOrderIds(String accountId, int limit);

    /** Moves an order from {@code fromStatus} on; false when it was no longer in that status. */
    boolean updateAcmeServerOrder(String id, String fromStatus, String status, String error, String certificateId);

    Optional<io.certwiz.acme.server.AcmeAuthorization> acmeServerAuthorization(String id);

    /** An order's authorizations in the order of its identifiers. */
    List<io.certwiz.acme.server.AcmeAuthorization> acmeServerAuthorizations(String orderId);

    /** Moves an authorization from {@code fromStatus} on; false when it was no longer in that status. */
    boolean updateAcmeServerAuthorization(
            String id, String fromStatus, String status, String challengeType, Instant validatedAt, String error);

    /** An account's valid, unexpired authorizations for one DNS name. */
    List<io.certwiz.acme.server.AcmeAuthorization> acmeServerValidAuthorizations(
            String accountId, String identifier, Instant now);

    void addAcmeServerCertificate(io.certwiz.acme.server.AcmeCertificate certificate);

    Optional<io.certwiz.acme.server.AcmeCertificate> acmeServerCertificate(String id);

    Optional<io.certwiz.acme.server.AcmeCertificate> acmeServerCertificateBySerial(BigInteger serial);

    /** Records a nonce id as used, kept until {@code expires}; false when it was used already. */
    boolean useAcmeServerNonce(String id, Instant expires);

    /** Forgets the used nonces that expired before {@code before}; how many. */
    int deleteAcmeServerNonces(Instant before);
}
