package io.certwiz.renewal;

import io.certwiz.assignment.AssignmentHistory;
import io.certwiz.assignment.AssignmentService;
import io.certwiz.audit.AuditLog;
import io.certwiz.certificate.HeldCertificates;
import io.certwiz.crypto.KeyRecords;
import io.certwiz.request.PendingRequests;
import io.certwiz.request.RequestService;
import io.certwiz.store.Store;
import io.certwiz.usage.ServerIdentityRecords;
import java.time.Clock;

/**
 * What renewal works with: the store and the domains' services and storage, the clock, who acts (for
 * the audit log) and which server of a pool takes leases ({@code owner}).
 */
public record RenewalContext(
        Store store,
        HeldCertificates held,
        RenewalRecords renewals,
        AssignmentService assignments,
        AssignmentHistory history,
        RequestService requests,
        PendingRequests pending,
        KeyRecords keys,
        ServerIdentityRecords identities,
        Origin.Finder origins,
        RenewalPlanner planner,
        AuditLog audit,
        Clock clock,
        String actor,
        String owner) {}
