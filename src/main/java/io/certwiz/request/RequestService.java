package io.certwiz.request;

import io.certwiz.CertwizException;
import io.certwiz.DurationText;
import io.certwiz.Problem;
import io.certwiz.assignment.AssignmentService;
import io.certwiz.audit.AuditLog;
import io.certwiz.ca.CertificateAuthority;
import io.certwiz.ca.EmbeddedCa;
import io.certwiz.certificate.CertificateRecords;
import io.certwiz.certificate.CertificateViews;
import io.certwiz.certificate.HeldCertificates;
import io.certwiz.certificate.StoredCertificate;
import io.certwiz.crypto.KeyOwner;
import io.certwiz.crypto.KeyRecords;
import io.certwiz.keystore.GeneratedKey;
import io.certwiz.keystore.KeyService;
import io.certwiz.keystore.KeyStoreChoice;
import io.certwiz.store.Store;
import io.certwiz.store.Transaction;
import io.certwiz.trust.ChainReport;
import io.certwiz.trust.TrustSnapshot;
import io.certwiz.trust.TrustStore;
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
    private final KeyService keyService;
    private final Function<String, CertificateAuthority> authorities;
    private final HeldCertificates held;
    private final PendingRequests pending;
    private final KeyRecords keys;
    private final ServerIdentityRecords identities;
    private final AuditLog audit;
    private final AssignmentService assignments;
    private final LocalNamePolicy namePolicy;
    private final Clock clock;
    private final String actor;
    private final FriendlyNames friendlyNames;

    public RequestService(
            Store store,
            KeyService keyService,
            Function<String, CertificateAuthority> authorities,
            HeldCertificates held,
            PendingRequests pending,
            KeyRecords keys,
            ServerIdentityRecords identities,
            AuditLog audit,
            AssignmentService assignments,
            LocalNamePolicy namePolicy,
            Clock clock,
            String actor) {
        this.store = store;
        this.keyService = keyService;
        this.authorities = authorities;
        this.held = held;
        this.pending = pending;
        this.keys = keys;
        this.identities = identities;
        this.audit = audit;
        this.assignments = assignments;
        this.namePolicy = namePolicy;
        this.clock = clock;
        this.actor = actor;
        this.friendlyNames = new FriendlyNames(held.records(), pending);
    }

    /** The key store {@code key} lives in, as a request names one ({@code software}, {@code pkcs11:NAME}). */
    public String keyStoreOf(io.certwiz.crypto.StoredKey key) {
        return keyService.storeOf(key).toString();
    }

    /** The rule that a friendly name is unique, for the other services that set one (import). */
    public FriendlyNames friendlyNames() {
        return friendlyNames;
    }

    private ServerIdentity identity() {
        return store.read(identities::identity)
                .orElseThrow(() -> CertwizException.notFound("this store has no server identity; run certwiz init"));
    }

    /**
     * The request's new key, made where it asks ({@code --key-store}, else the configured default). A key on
     * a token is never exportable.
     */
    private GeneratedKey newKey(RequestSpec spec) {
        KeyStoreChoice where = keyService.choose(spec.keyStore());
        KeyService.refuseExportableOnToken(where.onToken(), spec.exportable());
        GeneratedKey key = keyService.generate(spec.keyType(), where, clock.instant());
        List<Usage> tls = spec.usages().stream().filter(Usage::hasListener).toList();
        if (!tls.isEmpty()) {
            keyService.checkForTls(key, usageNames(tls));
        }
        return key;
    }

    /**
     * Makes the key and request, submits it to the CA, stores what comes back, and assigns it to the
     * requested usages when {@code spec.assign()} is set and every check passes.
     */
    public RequestOutcome online(RequestSpec spec) {
        SubjectPlan plan = SubjectPlan.of(identity(), spec);
        if (spec.ca().equals(EmbeddedCa.NAME) && !spec.outsidePolicy()) {
            withinPolicy(plan);
        }
        // Before the CA issues anything (or a key is made), and again where the certificate is stored.
        store.read(tx -> {
            friendlyNames.refuseTaken(tx, spec.friendlyName(), null);
            return null;
        });
        Issuance issuance = issue(spec, plan);
        Instant now = clock.instant();
        // One transaction: the CA's issuance record, the key and the certificate commit together or not at all.
        Thumbprint thumbprint = storeOrDiscard(issuance, tx -> {
            Thumbprint stored = store(tx, issuance, spec, now);
            audit.append(
                    tx,
                    now,
                    actor,
                    "request.online",
                    List.of(stored.hex()),
                    "ca=" + issuance.caName() + " key=" + spec.keyType().id() + keyStoreDetail(issuance.key())
                            + " usages=" + usageNames(spec.usages())
                            + (issuance.caName().equals(EmbeddedCa.NAME) && spec.outsidePolicy()
                                    ? " outside-policy"
                                    : "")
                            + (spec.validity() == null ? "" : " validity=" + DurationText.format(spec.validity())));
            return stored;
        });
        return finish(null, thumbprint, spec.usages(), spec.assign());
    }

    private static String keyStoreDetail(GeneratedKey key) {
        return key.onToken() ? " key-store=" + key.uri() : "";
    }

    /**
     * Refuses a request to the embedded CA for a DNS name (a SAN, or a subject CN written as one) that its
     * name policy does not permit, as its ACME server would.
     */
    private void withinPolicy(SubjectPlan plan) {
        List<String> names = new java.util.ArrayList<>();
        for (SubjectAltName san : plan.sans()) {
            if (san.kind() == SubjectAltName.Kind.DNS) {
                names.add(san.value());
            }
        }
        for (org.bouncycastle.asn1.x500.RDN rdn : plan.subject().getRDNs(org.bouncycastle.asn1.x500.style.BCStyle.CN)) {
            String cn = org.bouncycastle.asn1.x500.style.IETFUtils.valueToString(
                    rdn.getFirst().getValue());
            try {
                String name = SubjectAltName.dns(cn).value();
                if (name.contains(".") && !names.contains(name)) {
                    names.add(name);
                }
            } catch (CertwizException notADnsName) {
                // a CN that is not a host name names no one the policy covers
            }
        }
        List<String> refused = store.read(tx -> namePolicy.notPermitted(tx, names));
        if (!refused.isEmpty()) {
            throw CertwizException.refused(
                    "the embedded CA's name policy does not permit " + String.join(", ", refused)
                            + "; nothing was issued. Allow the names in the policy (certwiz policy allow), or ask"
                            + " explicitly for a certificate outside the policy (outside-policy)",
                    refused.stream()
                            .map(n -> new Problem("NAME_OUTSIDE_POLICY", n + " is outside the embedded CA's policy"))
                            .toList());
        }
    }

    /** A certificate a CA issued for a new key, not yet stored: what {@link #store} keeps. */
    public record Issuance(GeneratedKey key, CertificateAuthority.Issued issued, String caName) {
        public X509Certificate leaf() {
            return issued.chain().getFirst();
        }
    }

    /**
     * Makes a new key (where the spec says) and a request for {@code plan}'s subject and names, and has the
     * spec's CA issue it, outside any transaction (an ACME order takes a while); nothing is stored yet. The
     * caller checks the names against a policy. When {@link #store} does not follow, {@link #discard} the key.
     */
    public Issuance issue(RequestSpec spec, SubjectPlan plan) {
        CertificateAuthority ca = authorities.apply(spec.ca());
        ca.checkValidity(spec.validity());
        GeneratedKey key = newKey(spec);
        try {
            KeyPair keyPair = key.keyPair();
            PKCS10CertificationRequest csr = CsrBuilder.build(keyPair, plan);
            CertificateAuthority.Issued issued = ca.submitDeferred(csr, spec.submission());
            X509Certificate leaf = issued.chain().getFirst();
            if (!leaf.getPublicKey().equals(keyPair.getPublic())
                    && !java.util.Arrays.equals(
                            leaf.getPublicKey().getEncoded(),
                            keyPair.getPublic().getEncoded())) {
                throw CertwizException.error("the CA returned a certificate for a different key");
            }
            return new Issuance(key, issued, ca.name());
        } catch (RuntimeException e) {
            keyService.discard(key);
            throw e;
        }
    }

    /**
     * Stores what {@link #issue} got in the caller's transaction: the CA's record, the key (sealed and
     * exportable as the spec says, or its token's reference), the certificate in personal and its CA
     * certificates; its thumbprint. Refuses a friendly name another certificate or request has. No audit entry.
     */
    public Thumbprint store(Transaction tx, Issuance issuance, RequestSpec spec, Instant now) {
        return store(tx, issuance, spec, spec.friendlyName(), now);
    }

    /** The same with another friendly name than the spec's (null: none). */
    public Thumbprint store(Transaction tx, Issuance issuance, RequestSpec spec, String friendlyName, Instant now) {
        friendlyNames.refuseTaken(tx, friendlyName, null);
        List<X509Certificate> chain = issuance.issued().chain();
        issuance.issued().record(tx);
        long keyId = keyService.store(tx, issuance.key(), KeyOwner.CERTIFICATE, spec.exportable(), now);
        storeIssued(tx, chain.getFirst(), chain.subList(1, chain.size()), friendlyName, keyId, now);
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
        long id = storeOrDiscard(prepared.key(), tx -> {
            long requestId = keep(tx, prepared, spec, now);
            audit.append(
                    tx,
                    now,
                    actor,
                    "request.offline",
                    List.of(),
                    "id=" + requestId + " key=" + spec.keyType().id() + keyStoreDetail(prepared.key()) + " usages="
                            + usageNames(spec.usages()));
            // Inside the transaction: a failed delivery rolls the pending request back.
            deliver.accept(prepared.pem());
            return requestId;
        });
        return prepared.view(id, spec);
    }

    /** An offline request made but not yet kept: its key, its plan and its PEM. */
    public record Prepared(GeneratedKey key, SubjectPlan plan, String pem) {
        public OfflineRequest view(long id, RequestSpec spec) {
            return new OfflineRequest(
                    id,
                    null,
                    plan.subjectText(),
                    plan.sans().stream().map(SubjectAltName::toString).toList(),
                    spec.usages().stream().map(Usage::name).toList(),
                    pem);
        }
    }

    /**
     * Makes the key (where the spec says) and the request for {@code plan}, outside any transaction; nothing
     * is kept yet. When {@link #keep} does not follow, {@link #discard} the key.
     */
    public Prepared prepare(RequestSpec spec, SubjectPlan plan) {
        GeneratedKey key = newKey(spec);
        try {
            return new Prepared(key, plan, Pem.encode(CsrBuilder.build(key.keyPair(), plan)));
        } catch (RuntimeException e) {
            keyService.discard(key);
            throw e;
        }
    }

    /**
     * Keeps a prepared request pending, with its key (sealed, or its token's reference), in the caller's
     * transaction; its id. Refuses a friendly name another certificate or request has. No audit entry.
     */
    public long keep(Transaction tx, Prepared prepared, RequestSpec spec, Instant now) {
        return keep(tx, prepared, spec, now, null);
    }

    /**
     * The same for the renewal of {@code renewing}, whose friendly name the request may share: the name
     * moves to the certificate that completes it ({@link #complete}).
     */
    public long keep(Transaction tx, Prepared prepared, RequestSpec spec, Instant now, Thumbprint renewing) {
        friendlyNames.refuseTaken(tx, spec.friendlyName(), renewing);
        long keyId = keyService.store(tx, prepared.key(), KeyOwner.CERTIFICATE, spec.exportable(), now);
        return pending.add(tx, prepared.pem(), keyId, spec.usages(), spec.friendlyName(), spec.ca(), now);
    }

    /** Drops a key made for an issuance or a prepared request that will not be stored (a token's object too). */
    public void discard(GeneratedKey key) {
        keyService.discard(key);
    }

    /** Runs {@code work} in a write transaction; when it fails, the key it would have stored is discarded. */
    private <T> T storeOrDiscard(GeneratedKey key, io.certwiz.store.Store.Work<T> work) {
        try {
            return store.write(work);
        } catch (RuntimeException e) {
            keyService.discard(key);
            throw e;
        }
    }

    private <T> T storeOrDiscard(Issuance issuance, io.certwiz.store.Store.Work<T> work) {
        return storeOrDiscard(issuance.key(), work);
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
     * Completes the pending request whose key matches the CA's reply, inside the caller's transaction;
     * the status, or null when no request matches. The reply must pass the checks for the request's
     * usages that no later import can fix (its key, names, EKU): one that fails throws, the caller's
     * transaction rolls back and the request stays pending for the right reply. A chain that lacks a CA
     * still completes the request; with {@code assign} it is assigned only when the chain is trusted.
     */
    public RequestOutcome complete(
            Transaction tx, X509Certificate leaf, List<X509Certificate> cas, Instant now, boolean assign) {
        byte[] publicKey = leaf.getPublicKey().getEncoded();
        for (PendingRequest request : pending.all(tx)) {
            byte[] stored =
                    keys.find(tx, request.keyId()).map(k -> k.publicKey()).orElse(null);
            if (stored != null && java.util.Arrays.equals(stored, publicKey)) {
                // A renewal's request shares its predecessor's name: the name moves to the successor.
                friendlyNames
                        .holder(tx, request.friendlyName())
                        .filter(holder -> !holder.equals(Thumbprint.of(leaf)))
                        .ifPresent(holder -> held.records().rename(tx, holder, null));
                storeIssued(tx, leaf, cas, request.friendlyName(), request.keyId(), now);
                pending.delete(tx, request.id());
                return checkCompleted(tx, request, Thumbprint.of(leaf), now, assign);
            }
        }
        return null;
    }

    private RequestOutcome checkCompleted(
            Transaction tx, PendingRequest request, Thumbprint thumbprint, Instant now, boolean assign) {
        String refusal = "the reply to pending request " + request.id() + " fails the checks for "
                + usageNames(request.usages()) + "; nothing was imported and the request stays pending for"
                + " a corrected reply";
        TrustSnapshot trust = held.trust(tx);
        ChainReport[] chain = new ChainReport[1];
        List<Problem> problems = new java.util.ArrayList<>(assignments.problems(
                tx,
                thumbprint,
                request.usages(),
                c -> chain[0] = trust.analyzer().analyze(c, now)));
        if (chain[0] != null) {
            problems.removeAll(chain[0].problems());
        }
        if (!problems.isEmpty()) {
            throw CertwizException.refused(refusal, problems);
        }
        // What is left is the chain: a missing CA does not undo the reply (the wizard's rule: import the CA
        // certificates, then assign in a separate step), it only holds the assignment back.
        List<Problem> chainProblems = chain[0] == null ? List.of() : chain[0].problems();
        if (assign && chainProblems.isEmpty()) {
            return assignAndReport(tx, request.id(), thumbprint, request.usages());
        }
        CertificateViews views = held.views(tx, now, trust);
        StoredCertificate stored = held.get(tx, thumbprint);
        return new RequestOutcome(
                request.id(),
                chain[0] == null ? views.of(stored) : views.of(stored, chain[0]),
                request.usages().stream().map(Usage::name).toList(),
                List.of(),
                assign,
                assign ? chainProblems : List.of());
    }

    private static String usageNames(List<Usage> usages) {
        return String.join(",", usages.stream().map(Usage::name).toList());
    }
}
