package io.certwiz.store.jdbc;

import io.certwiz.store.SqlTransaction;
import io.certwiz.store.Transaction;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.ServerIdentityRecords;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@link ServerIdentityRecords} in the one-row {@code server_identity} table. */
public final class SqlServerIdentityRecords implements ServerIdentityRecords {
    @Override
    public Optional<ServerIdentity> identity(Transaction tx) {
        return SqlTransaction.of(tx)
                .queryOne(
                        "SELECT fqdn, pool_fqdn, web_internal_fqdn, web_external_fqdn, sip_domains"
                                + " FROM server_identity WHERE id = 1",
                        s -> {},
                        r -> new ServerIdentity(
                                r.getString(1),
                                r.getString(2),
                                r.getString(3),
                                r.getString(4),
                                r.getString(5).isEmpty()
                                        ? List.of()
                                        : Arrays.asList(r.getString(5).split(","))));
    }

    @Override
    public void save(Transaction tx, ServerIdentity identity) {
        SqlTransaction.of(tx)
                .update(
                        "INSERT INTO server_identity (id, fqdn, pool_fqdn, web_internal_fqdn, web_external_fqdn,"
                                + " sip_domains) VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                                + " fqdn = excluded.fqdn, pool_fqdn = excluded.pool_fqdn,"
                                + " web_internal_fqdn = excluded.web_internal_fqdn,"
                                + " web_external_fqdn = excluded.web_external_fqdn, sip_domains = excluded.sip_domains",
                        s -> {
                            s.setString(1, identity.fqdn());
                            s.setString(2, identity.poolFqdn());
                            s.setString(3, identity.webInternalFqdn());
                            s.setString(4, identity.webExternalFqdn());
                            s.setString(5, String.join(",", identity.sipDomains()));
                        });
    }
}
