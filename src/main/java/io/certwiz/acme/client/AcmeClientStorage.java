package io.certwiz.acme.client;

import io.certwiz.audit.AuditLog;
import io.certwiz.crypto.KeyRecords;
import io.certwiz.store.Store;

/** What the ACME client keeps, all in one store: its own records, the account keys, the audit log. */
public record AcmeClientStorage(Store store, AcmeClientRecords records, KeyRecords keys, AuditLog audit) {}
