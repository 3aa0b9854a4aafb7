package io.certwiz.request;

import io.certwiz.CertwizException;
import io.certwiz.DurationText;
import io.certwiz.Problem;
import io.certwiz.audit.AuditLog;
import io.certwiz.ca.CertificateAuthority;
import io.certwiz.ca.EmbeddedCa;
import io.certwiz.certificate.CertificateRecords;
import io.certwiz.certificate.CertificateViews;
import io.certwiz.certificate.HeldCertificates;
import io.certwiz.certificate.StoredCertificate;
import io.certwiz.crypto.KeyRecords;
import io.certwiz.crypto.KeyVault;
import io.certwiz.store.Store;
import io.certwiz.store.Transaction;
import io.certwiz.trust.ChainReport;
import io.certwiz.trust.TrustSnapshot;
import io.certwiz.trust.TrustStore;
import io.certwiz.usage.AssignmentService;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.ServerIdentityRecords;
import io.certwiz.usage.Usage;
import io.certwiz.x509.CertificateDetails;
import io.certwiz.x509.Pem;
import io.certwiz.x509.SubjectAltName;
import io.certwiz.x509.Thumbprint;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** Certificate requests: online to a CA with the status and assignment that follow, or offline to a file. */
public final class RequestService {
    private final Store store;
    private final KeyVault vault;
    private final Function<String, CertificateAuthority> authorities;
    private final HeldCertificates held;
    private final PendingRequests pending;
    private final KeyRecords keys;
    private final ServerIdentityRecords identities;
    private final AuditLog audit;
    private final AssignmentService assignments;
    private final Clock clock;
    private final String actor;

    public RequestService(
            Store store,
            KeyVault vault,
            Function<String, CertificateAuthority> authorities,
            HeldCertificates held,
            PendingRequests pending,
            KeyRecords keys,
            ServerIdentityRecords identities,
            AuditLog audit,
            AssignmentService assignments,
            Clock clock,
            String actor) {
        this.store = store;
        this.vault = vault;
        this.authorities = authorities;
        this.held = held;
        this.pending = pending;
        this.keys = keys;
        this.identities = identities;
        this.audit = audit;
        this.assignments = assignments;
        this.clock = clock;
        this.actor = actor;
    }

    private ServerIdentity identity() {
        return store.read(identities::identity)
                .orElseThrow(() -> CertwizException.notFound("this store has no server identity; run certwiz init"));
    }

    /** Seals and stores the request's new private key; its id. */
    private long addKey(Transaction tx, KeyPair keyPair, RequestSpec spec, Instant now) {
        return keys.add(
                tx,
                keyPair.getPrivate().getAlgorithm(),
                keyPair.getPublic().getEncoded(),
                vault.seal(keyPair.getPrivate()),
                spec.exportable(),
                now);
    }

    /**
     * Makes the key and request, submits it to the CA, stores what comes back, and assigns it to the
     * requested usages when {@code spec.assign()} is set and every check passes.
     */
    public RequestOutcome online(RequestSpec spec) {
        Issuance issuance = issue(spec, SubjectPlan.of(identity(), spec));
        Instant now = clock.instant();
        // One transaction: the CA's issuance record, the key and the certificate commit together or not at all.
        Thumbprint thumbprint = store.write(tx -> {
            Thumbprint stored = store(tx, issuance, spec, now);
            audit.append(
                    tx,
                    now,
                    actor,
                    "request.online",
                    List.of(stored.hex()),
                    "ca=" + issuance.caName() + " key=" + spec.keyType().id() + " usages=" + usageNames(spec.usages())
                            + (spec.validity() == null ? "" : " validity=" + DurationText.format(spec.validity())));
            return stored;
        });
        return finish(null, thumbprint, spec.usages(), spec.assign());
    }

    /** A certificate a CA issued for a new key, not yet stored: what {@link #store} keeps. */
    public record Issuance(KeyPair keyPair, CertificateAuthority.Issued issued, String caName) {
        public X509Certificate leaf() {
            return issued.chain().getFirst();
        }
    }

    /**
     * Makes a new key and a request for {@code plan}'s subject and names, and has the spec's CA issue it,
     * outside any transaction (an ACME order takes a while); nothing is stored yet.
     */
    public Issuance issue(RequestSpec spec, SubjectPlan plan) {
        CertificateAuthority ca = authorities.apply(spec.ca());
        ca.checkValidity(spec.validity());
        KeyPair keyPair = spec.keyType().generate();
        PKCS10CertificationRequest csr = CsrBuilder.build(keyPair, plan);
        CertificateAuthority.Issued issued = ca.submitDeferred(csr, spec);
        X509Certificate leaf = issued.chain().getFirst();
        if (!leaf.getPublicKey().equals(keyPair.getPublic())
                && !java.util.Arrays.equals(
                        leaf.getPublicKey().getEncoded(), keyPair.getPublic().getEncoded())) {
            throw CertwizException.error("the CA returned a certificate for a different key");
        }
        return new Issuance(keyPair, issued, ca.name());
    }

    /**
     * Stores what {@link #issue} got in the caller's transaction: the CA's record, the sealed key (exportable
     * as the spec says), the certificate in personal and its CA certificates; its thumbprint. No audit entry.
     */
    public Thumbprint store(Transaction tx, Issuance issuance, RequestSpec spec, Instant now) {
        List<X509Certificate> chain = issuance.issued().chain();
        issuance.issued().record(tx);
        long keyId = addKey(tx, issuance.keyPair(), spec, now);
        storeIssued(tx, chain.getFirst(), chain.subList(1, chain.size()), spec.friendlyName(), keyId, now);
        return Thumbprint.of(chain.getFirst());
    }

    /** Stores an issued certificate in personal and the CA certificates that came with it in intermediate. */
    private void storeIssued(
            Transaction tx,
            X509Certificate leaf,
            List<X509Certificate> cas,
            String friendlyName,
            long keyId,
            Instant now) {
        CertificateRecords certificates = held.records();
        certificates.put(tx, leaf, TrustStore.personal, friendlyName, keyId, now);
        for (X509Certificate ca : cas) {
            if (!CertificateDetails.isCa(ca)) {
                continue;
            }
            if (certificates.find(tx, Thumbprint.of(ca)).isEmpty()) {
                // Not trusted silently: a root that came with a chain waits in intermediate.
                certificates.put(tx, ca, TrustStore.intermediate, null, null, now);
            }
        }
    }

    /** The status page after a certificate arrived: assign when asked, and report why not when refused. */
    RequestOutcome finish(Long requestId, Thumbprint thumbprint, List<Usage> usages, boolean assign) {
        List<Problem> problems = List.of();
        if (assign) {
            try {
                return store.write(tx -> assignAndReport(tx, requestId, thumbprint, usages));
            } catch (CertwizException e) {
                problems = e.problems().isEmpty() ? List.of(new Problem("REFUSED", e.getMessage())) : e.problems();
            }
        }
        List<Problem> refused = problems;
        return store.read(tx -> new RequestOutcome(
                requestId,
                held.views(tx, clock.instant()).of(held.get(tx, thumbprint)),
                usages.stream().map(Usage::name).toList(),
                List.of(),
                assign,
                refused));
    }

    /**
     * Assigns and builds the status page in the assignment's transaction, which then commits: the chain is
     * analysed once, at one moment against one reading of the trust stores, for the checks and the page. A
     * refusal throws, rolls back, and the caller reports it from a read of its own.
     */
    private RequestOutcome assignAndReport(Transaction tx, Long requestId, Thumbprint thumbprint, List<Usage> usages) {
        Instant now = clock.instant();
        TrustSnapshot trust = held.trust(tx);
        ChainReport[] analysed = new ChainReport[1];
        List<String> assigned = assignments
                .assign(
                        tx,
                        thumbprint,
                        usages,
                        now,
                        certificate -> analysed[0] = trust.analyzer().analyze(certificate, now))
                .stream()
                .map(a -> a.usage().name())
                .toList();
        StoredCertificate stored = held.get(tx, thumbprint);
        CertificateViews views = held.views(tx, now, trust);
        return new RequestOutcome(
                requestId,
                analysed[0] == null ? views.of(stored) : views.of(stored, analysed[0]),
                usages.stream().map(Usage::name).toList(),
                assigned,
                true,
                List.of());
    }

    /** Prepares the request now to send later: keeps its key with a pending request; the PEM is returned. */
    public OfflineRequest offline(RequestSpec spec) {
        return offline(spec, pem -> {});
    }

    /**
     * The same, handing the PEM to {@code deliver} (the CLI writes its file there) before the pending
     * request commits: when {@code deliver} throws, nothing is kept.
     */
    public OfflineRequest offline(RequestSpec spec, Consumer<String> deliver) {
        if (spec.validity() != null) {
            throw CertwizException.badUsage("--validity is for online requests to the embedded CA; an offline"
                    + " request's CA sets the validity");
        }
        if (!spec.ca().equals(EmbeddedCa.NAME)) {
            authorities.apply(spec.ca());
        }
        Prepared prepared = prepare(spec, SubjectPlan.of(identity(), spec));
        Instant now = clock.instant();
        long id = store.write(tx -> {
            long requestId = keep(tx, prepared, spec, now);
            audit.append(
                    tx,
                    now,
                    actor,
                    "request.offline",
                    List.of(),
                    "id=" + requestId + " key=" + spec.keyType().id() + " usages=" + usageNames(spec.usages()));
            // Inside the transaction: a failed delivery rolls the pending request back.
            deliver.accept(prepared.pem());
            return requestId;
        });
        return prepared.view(id, spec);
    }

    /** An offline request made but not yet kept: its key, its plan and its PEM. */
    public record Prepared(KeyPair keyPair, SubjectPlan plan, String pem) {
        public OfflineRequest view(long id, RequestSpec spec) {
            return new OfflineRequest(
                    id,
                    null,
                    plan.subject().toString(),
                    plan.sans().stream().map(SubjectAltName::toString).toList(),
                    spec.usages().stream().map(Usage::name).toList(),
                    pem);
        }
    }

    /** Makes the key and the request for {@code plan}, outside any transaction; nothing is kept yet. */
    public Prepared prepare(RequestSpec spec, SubjectPlan plan) {
        KeyPair keyPair = spec.keyType().generate();
        return new Prepared(keyPair, plan, Pem.encode(CsrBuilder.build(keyPair, plan)));
    }

    /** Keeps a prepared request pending, with its sealed key, in the caller's transaction; its id. No audit entry. */
    public long keep(Transaction tx, Prepared prepared, RequestSpec spec, Instant now) {
        long keyId = addKey(tx, prepared.keyPair(), spec, now);
        return pending.add(tx, prepared.pem(), keyId, spec.usages(), spec.friendlyName(), spec.ca(), now);
    }

    public List<PendingRequest> pending() {
        return store.read(pending::all);
    }

    public PendingRequest pending(long id) {
        return store.read(tx -> pendingRequest(tx, id));
    }

    private PendingRequest pendingRequest(Transaction tx, long id) {
        return pending.find(tx, id).orElseThrow(() -> CertwizException.notFound("no pending request with id " + id));
    }

    /** Drops a pending request and its key. */
    public PendingRequest clear(long id) {
        return store.write(tx -> {
            PendingRequest request = pendingRequest(tx, id);
            pending.delete(tx, id);
            keys.delete(tx, request.keyId());
            audit.append(tx, clock.instant(), actor, "request.clear", List.of(), "id=" + id);
            return request;
        });
    }

    /**
     * Completes the pending request whose key matches the CA's reply, inside the caller's transaction.
     * Returns the request, or null when none matches.
     */
    public PendingRequest complete(Transaction tx, X509Certificate leaf, List<X509Certificate> cas, Instant now) {
        byte[] publicKey = leaf.getPublicKey().getEncoded();
        for (PendingRequest request : pending.all(tx)) {
            byte[] stored =
                    keys.find(tx, request.keyId()).map(k -> k.publicKey()).orElse(null);
            if (stored != null && java.util.Arrays.equals(stored, publicKey)) {
                storeIssued(tx, leaf, cas, request.friendlyName(), request.keyId(), now);
                pending.delete(tx, request.id());
                return request;
            }
        }
        return null;
    }

    private static String usageNames(List<Usage> usages) {
        return String.join(",", usages.stream().map(Usage::name).toList());
    }

    /** The status and assignment step after an offline request was completed by an import. */
    public RequestOutcome finishCompleted(PendingRequest request, Thumbprint thumbprint, boolean assign) {
        return finish(request.id(), thumbprint, request.usages(), assign);
    }
}
