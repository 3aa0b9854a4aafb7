package io.certwiz.acme.server;

import io.certwiz.audit.AuditLog;
import io.certwiz.ca.IssuanceLedger;
import io.certwiz.store.Settings;
import io.certwiz.store.Store;
import io.certwiz.usage.ServerIdentityRecords;

/**
 * What the ACME server keeps and reads, all in one store: its own records, and the shared settings,
 * audit log, server identity (the default policy's names) and the embedded CA's issuance ledger.
 */
public record AcmeServerStorage(
        Store store,
        AcmeServerRecords records,
        Settings settings,
        AuditLog audit,
        ServerIdentityRecords identities,
        IssuanceLedger ledger) {}
