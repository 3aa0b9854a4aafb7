package io.certwiz.store.jdbc;

import io.certwiz.certificate.CertificateRecords;
import io.certwiz.certificate.StoredCertificate;
import io.certwiz.store.SqlTransaction;
import io.certwiz.store.Transaction;
import io.certwiz.trust.TrustStore;
import io.certwiz.x509.CertificateReader;
import io.certwiz.x509.Thumbprint;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link CertificateRecords} in the {@code certificates} table (subjects sort in the "C" collation). */
public final class SqlCertificateRecords implements CertificateRecords {
    private static final String SELECT =
            "SELECT thumbprint, store, der, friendly_name, key_id, added_at FROM certificates";

    private static StoredCertificate row(ResultSet r) throws SQLException {
        long keyId = r.getLong("key_id");
        Long key = r.wasNull() ? null : keyId;
        return new StoredCertificate(
                new Thumbprint(r.getString("thumbprint")),
                TrustStore.valueOf(r.getString("store")),
                CertificateReader.certificate(r.getBytes("der")),
                r.getString("friendly_name"),
                key,
                SqlTransaction.instant(r, "added_at"));
    }

    @Override
    public Optional<StoredCertificate> find(Transaction tx, Thumbprint thumbprint) {
        return SqlTransaction.of(tx)
                .queryOne(
                        SELECT + " WHERE thumbprint = ?",
                        s -> s.setString(1, thumbprint.hex()),
                        SqlCertificateRecords::row);
    }

    @Override
    public List<StoredCertificate> inStore(Transaction tx, TrustStore store) {
        return SqlTransaction.of(tx)
                .query(
                        SELECT + " WHERE store = ? ORDER BY subject, thumbprint",
                        s -> s.setString(1, store.name()),
                        SqlCertificateRecords::row);
    }

    @Override
    public List<StoredCertificate> all(Transaction tx) {
        return SqlTransaction.of(tx)
                .query(SELECT + " ORDER BY store, subject, thumbprint", s -> {}, SqlCertificateRecords::row);
    }

    @Override
    public List<Thumbprint> thumbprints(Transaction tx) {
        return SqlTransaction.of(tx)
                .query(
                        "SELECT thumbprint FROM certificates ORDER BY thumbprint",
                        s -> {},
                        r -> new Thumbprint(r.getString(1)));
    }

    @Override
    public java.util.Map<Thumbprint, String> friendlyNames(Transaction tx) {
        java.util.Map<Thumbprint, String> names = new java.util.LinkedHashMap<>();
        SqlTransaction.of(tx)
                .query(
                        "SELECT thumbprint, friendly_name FROM certificates WHERE friendly_name IS NOT NULL"
                                + " ORDER BY thumbprint",
                        s -> {},
                        r -> names.put(new Thumbprint(r.getString(1)), r.getString(2)));
        return names;
    }

    @Override
    public void put(
            Transaction tx,
            X509Certificate certificate,
            TrustStore store,
            String friendlyName,
            Long keyId,
            Instant addedAt) {
        byte[] der;
        try {
            der = certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException(e);
        }
        SqlTransaction.of(tx)
                .update(
                        "INSERT INTO certificates (thumbprint, sha256, store, der, subject, issuer, not_after,"
                                + " friendly_name, key_id, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                + " ON CONFLICT (thumbprint) DO UPDATE SET store = excluded.store,"
                                + " friendly_name = COALESCE(excluded.friendly_name, certificates.friendly_name),"
                                + " key_id = COALESCE(excluded.key_id, certificates.key_id)",
                        s -> {
                            s.setString(1, Thumbprint.of(certificate).hex());
                            s.setString(2, Thumbprint.sha256(certificate));
                            s.setString(3, store.name());
                            s.setBytes(4, der);
                            s.setString(5, certificate.getSubjectX500Principal().getName());
                            s.setString(6, certificate.getIssuerX500Principal().getName());
                            s.setLong(7, certificate.getNotAfter().getTime());
                            s.setString(8, friendlyName);
                            SqlTransaction.setLong(s, 9, keyId);
                            s.setLong(10, addedAt.toEpochMilli());
                        });
    }

    @Override
    public void delete(Transaction tx, Thumbprint thumbprint) {
        SqlTransaction.of(tx)
                .update("DELETE FROM certificates WHERE thumbprint = ?", s -> s.setString(1, thumbprint.hex()));
    }

    @Override
    public void rename(Transaction tx, Thumbprint thumbprint, String friendlyName) {
        SqlTransaction.of(tx).update("UPDATE certificates SET friendly_name = ? WHERE thumbprint = ?", s -> {
            s.setString(1, friendlyName);
            s.setString(2, thumbprint.hex());
        });
    }
}
