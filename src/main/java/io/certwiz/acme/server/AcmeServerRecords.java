package io.certwiz.acme.server;

import io.certwiz.store.Transaction;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The ACME server's storage: its issuance policy lines, external account binding keys, accounts, orders
 * with their authorizations, the certificates it issued, and the nonces a pool has used.
 */
public interface AcmeServerRecords {
    // --- issuance policy

    /** The allowed and denied names and suffixes, by pattern. */
    List<PolicyEntry> policy(Transaction tx);

    /** Adds a policy line, or changes an existing pattern to allow or deny. */
    void putPolicy(Transaction tx, PolicyEntry entry);

    /** Removes a policy line; false when there was none. */
    boolean deletePolicy(Transaction tx, String pattern);

    // --- external account binding keys

    void addEabKey(Transaction tx, EabKey key);

    Optional<EabKey> eabKey(Transaction tx, String kid);

    /** Every key, by key id. */
    List<EabKey> eabKeys(Transaction tx);

    /** Binds an unused key to an account; false when it is unknown or already bound. */
    boolean bindEabKey(Transaction tx, String kid, String accountId);

    /** False when there was no such key. */
    boolean deleteEabKey(Transaction tx, String kid);

    /** Replaces a key's sealed HMAC (master-key rotation). */
    void resealEabKey(Transaction tx, String kid, String sealedHmac);

    // --- accounts

    void addAccount(Transaction tx, AcmeAccount account);

    Optional<AcmeAccount> account(Transaction tx, String id);

    Optional<AcmeAccount> accountByKey(Transaction tx, String keyThumbprint);

    /** Stores an account's key, status and contacts. */
    void updateAccount(Transaction tx, AcmeAccount account);

    // --- orders and authorizations

    /** Adds an order with its authorizations. */
    void addOrder(Transaction tx, AcmeOrder order, List<AcmeAuthorization> authorizations);

    Optional<AcmeOrder> order(Transaction tx, String id);

    /** An account's order ids, newest first, at most {@code limit}. */
    List<String> orderIds(Transaction tx, String accountId, int limit);

    /** Moves an order on from {@code from}; false when it was no longer in that status. */
    boolean updateOrder(
            Transaction tx, String id, AcmeOrder.Status from, AcmeOrder.Status to, String error, String certificateId);

    Optional<AcmeAuthorization> authorization(Transaction tx, String id);

    /** An order's authorizations in the order of its identifiers. */
    List<AcmeAuthorization> authorizations(Transaction tx, String orderId);

    /** Moves an authorization on from {@code from}; false when it was no longer in that status. */
    boolean updateAuthorization(
            Transaction tx,
            String id,
            AcmeAuthorization.Status from,
            AcmeAuthorization.Status to,
            String challengeType,
            Instant validatedAt,
            String error);

    /** An account's valid authorizations for one DNS name that have not expired at {@code now}. */
    List<AcmeAuthorization> validAuthorizations(Transaction tx, String accountId, String identifier, Instant now);

    // --- certificates

    void addCertificate(Transaction tx, AcmeCertificate certificate);

    Optional<AcmeCertificate> certificate(Transaction tx, String id);

    Optional<AcmeCertificate> certificateBySerial(Transaction tx, BigInteger serial);

    // --- used nonces (a pool's, see StoreNonces)

    /** Records a nonce id as used, kept until {@code expires}; false when it was used already. */
    boolean useNonce(Transaction tx, String id, Instant expires);

    /** Forgets the used nonces that expired before {@code before}; how many. */
    int deleteNonces(Transaction tx, Instant before);
}
