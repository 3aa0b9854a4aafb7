package io.certwiz.store;

import io.certwiz.ca.IssuedRecord;
import io.certwiz.certificate.StoredCertificate;
import io.certwiz.crypto.StoredKey;
import io.certwiz.request.PendingRequest;
import io.certwiz.trust.TrustStore;
import io.certwiz.usage.Assignment;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The operations on the store inside one transaction. */
public interface Transaction {
    Optional<ServerIdentity> identity();

    void saveIdentity(ServerIdentity identity);

    Optional<String> setting(String name);

    void putSetting(String name, String value);

    long addKey(String algorithm, byte[] publicKey, byte[] sealed, boolean exportable, Instant createdAt);

    Optional<StoredKey> key(long id);

    void deleteKey(long id);

    Optional<StoredCertificate> certificate(Thumbprint thumbprint);

    /** Certificates of one store, or of all stores when {@code store} is null, ordered by store then subject. */
    List<StoredCertificate> certificates(TrustStore store);

    /** Adds a certificate, or moves it to {@code store} and sets key and name when it is already held. */
    void putCertificate(
            X509Certificate certificate, TrustStore store, String friendlyName, Long keyId, Instant addedAt);

    void deleteCertificate(Thumbprint thumbprint);

    long addPendingRequest(String csrPem, long keyId, List<Usage> usages, String friendlyName, String ca, Instant at);

    List<PendingRequest> pendingRequests();

    Optional<PendingRequest> pendingRequest(long id);

    void deletePendingRequest(long id);

    List<Assignment> assignments();

    Optional<Assignment> assignment(Usage usage);

    void putAssignment(Assignment assignment);

    void deleteAssignment(Usage usage);

    void recordIssued(IssuedRecord record);

    Optional<IssuedRecord> issued(BigInteger serial);

    List<IssuedRecord> revoked(Thumbprint issuer);

    void revoke(BigInteger serial, Instant at, int reason);

    /** How many certificates the embedded CA has issued. */
    long issuedCount();

    /**
     * A cheap summary of the assignments and the root and intermediate stores: it changes whenever
     * either does, so a running server can poll it to notice changes made by other processes.
     */
    String changeMarker();

    /** Appends to the audit log; never holds a secret. */
    void audit(Instant at, String actor, String operation, List<String> thumbprints, String detail);

    /** The newest audit entries first, at most {@code limit}. */
    List<io.certwiz.audit.AuditEntry> auditLog(int limit);

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
