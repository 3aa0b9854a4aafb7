package io.certwiz.ca;

import io.certwiz.store.Transaction;
import io.certwiz.x509.Thumbprint;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the embedded CA issued and revoked, by serial number: the source of its CRL. */
public interface IssuanceLedger {
    void record(Transaction tx, IssuedRecord record);

    Optional<IssuedRecord> find(Transaction tx, BigInteger serial);

    /** The certificate with this thumbprint, when the embedded CA issued it. */
    Optional<IssuedRecord> findByThumbprint(Transaction tx, Thumbprint thumbprint);

    /** How many certificates one issuing CA has revoked: the CRL is stale when this moved. */
    long revokedCount(Transaction tx, Thumbprint issuer);

    /** Up to {@code limit} certificates one issuing CA issued that are valid after {@code after}, newest first. */
    List<IssuedRecord> unexpired(Transaction tx, Thumbprint issuer, Instant after, int limit);

    /** The revoked certificates one issuing CA issued, by serial. */
    List<IssuedRecord> revoked(Transaction tx, Thumbprint issuer);

    /** Revokes a certificate not yet revoked; a second revocation changes nothing. */
    void revoke(Transaction tx, BigInteger serial, Instant at, int reason);

    /** How many certificates the embedded CA has issued. */
    long count(Transaction tx);
}
