package io.certwiz.store.jdbc;

import io.certwiz.ca.CaCrls;
import io.certwiz.ca.StoredCrl;
import io.certwiz.store.SqlTransaction;
import io.certwiz.store.Transaction;
import io.certwiz.x509.Thumbprint;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/** {@link CaCrls} in the {@code ca_crls} table (the CRL base64). */
public final class SqlCaCrls implements CaCrls {
    @Override
    public Optional<StoredCrl> find(Transaction tx, Thumbprint issuer) {
        return SqlTransaction.of(tx)
                .queryOne(
                        "SELECT crl_number, this_update, next_update, revoked_count, der FROM ca_crls"
                                + " WHERE issuer_thumbprint = ?",
                        s -> s.setString(1, issuer.hex()),
                        r -> new StoredCrl(
                                issuer,
                                r.getLong(1),
                                Instant.ofEpochMilli(r.getLong(2)),
                                Instant.ofEpochMilli(r.getLong(3)),
                                r.getLong(4),
                                Base64.getDecoder().decode(r.getString(5))));
    }

    @Override
    public boolean replace(Transaction tx, StoredCrl crl, Long replacing) {
        SqlTransaction.Binder values = s -> {
            s.setLong(1, crl.number());
            s.setLong(2, crl.thisUpdate().toEpochMilli());
            s.setLong(3, crl.nextUpdate().toEpochMilli());
            s.setLong(4, crl.revokedCount());
            s.setString(5, Base64.getEncoder().encodeToString(crl.der()));
            s.setString(6, crl.issuer().hex());
        };
        if (replacing == null) {
            return SqlTransaction.of(tx)
                            .update(
                                    "INSERT INTO ca_crls (crl_number, this_update, next_update, revoked_count, der,"
                                            + " issuer_thumbprint) VALUES (?, ?, ?, ?, ?, ?)"
                                            + " ON CONFLICT (issuer_thumbprint) DO NOTHING",
                                    values)
                    == 1;
        }
        return SqlTransaction.of(tx)
                        .update(
                                "UPDATE ca_crls SET crl_number = ?, this_update = ?, next_update = ?, revoked_count = ?,"
                                        + " der = ? WHERE issuer_thumbprint = ? AND crl_number = ?",
                                s -> {
                                    values.bind(s);
                                    s.setLong(7, replacing);
                                })
                == 1;
    }
}
