package io.certwiz.acme.server;

import io.certwiz.store.Store;
import io.certwiz.store.jdbc.SqlAcmeServerRecords;
import io.certwiz.store.jdbc.SqlAuditLog;
import io.certwiz.store.jdbc.SqlIssuanceLedger;
import io.certwiz.store.jdbc.SqlServerIdentityRecords;
import io.certwiz.store.jdbc.SqlSettings;

/** The ACME server's storage over a bare SQL store, as the composition root builds it. */
final class SqlAcmeStorage {
    private SqlAcmeStorage() {}

    static AcmeServerStorage over(Store store) {
        return new AcmeServerStorage(
                store,
                new SqlAcmeServerRecords(),
                new SqlSettings(),
                new SqlAuditLog(),
                new SqlServerIdentityRecords(),
                new SqlIssuanceLedger());
    }
}
