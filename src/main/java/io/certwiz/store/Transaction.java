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
}
