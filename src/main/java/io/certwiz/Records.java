package io.certwiz;

import io.certwiz.acme.client.AcmeClientRecords;
import io.certwiz.acme.server.AcmeServerRecords;
import io.certwiz.alert.AlertRecords;
import io.certwiz.assignment.AssignmentHistory;
import io.certwiz.audit.AuditLog;
import io.certwiz.ca.CaCrls;
import io.certwiz.ca.IssuanceLedger;
import io.certwiz.certificate.CertificateRecords;
import io.certwiz.certificate.HeldCertificates;
import io.certwiz.crypto.KeyRecords;
import io.certwiz.renewal.RenewalRecords;
import io.certwiz.request.PendingRequests;
import io.certwiz.revocation.RevocationCache;
import io.certwiz.store.Settings;
import io.certwiz.store.jdbc.SqlAcmeClientRecords;
import io.certwiz.store.jdbc.SqlAcmeServerRecords;
import io.certwiz.store.jdbc.SqlAlertRecords;
import io.certwiz.store.jdbc.SqlAssignmentHistory;
import io.certwiz.store.jdbc.SqlAssignments;
import io.certwiz.store.jdbc.SqlAuditLog;
import io.certwiz.store.jdbc.SqlCaCrls;
import io.certwiz.store.jdbc.SqlCertificateRecords;
import io.certwiz.store.jdbc.SqlIssuanceLedger;
import io.certwiz.store.jdbc.SqlKeyRecords;
import io.certwiz.store.jdbc.SqlPendingRequests;
import io.certwiz.store.jdbc.SqlRenewalRecords;
import io.certwiz.store.jdbc.SqlRevocationCache;
import io.certwiz.store.jdbc.SqlServerIdentityRecords;
import io.certwiz.store.jdbc.SqlSettings;
import io.certwiz.usage.Assignments;
import io.certwiz.usage.ServerIdentityRecords;

/** The domains' storage, one adapter each; the SQL adapters are stateless, so one set serves every store. */
record Records(
        AuditLog audit,
        Settings settings,
        ServerIdentityRecords identities,
        KeyRecords keys,
        IssuanceLedger ledger,
        CertificateRecords certificates,
        Assignments assignments,
        PendingRequests pending,
        AcmeClientRecords acmeClient,
        AcmeServerRecords acmeServer,
        AlertRecords alerts,
        RenewalRecords renewals,
        AssignmentHistory history,

        CaCrls caCrls,
        RevocationCache revocationCache) {
    static final Records SQL = new Records(
            new SqlAuditLog(),
            new SqlSettings(),
            new SqlServerIdentityRecords(),
            new SqlKeyRecords(),
            new SqlIssuanceLedger(),
            new SqlCertificateRecords(),
            new SqlAssignments(),
            new SqlPendingRequests(),
            new SqlAcmeClientRecords(),
            new SqlAcmeServerRecords(),
            new SqlAlertRecords(),
            new SqlRenewalRecords(),
            new SqlAssignmentHistory(),
            new SqlCaCrls(),
            new SqlRevocationCache());

    HeldCertificates held() {
        return new HeldCertificates(certificates, assignments, keys);
    }
}
