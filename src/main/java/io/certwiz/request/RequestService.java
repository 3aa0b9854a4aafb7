package io.certwiz.request;

import io.certwiz.CertwizException;
import io.certwiz.Problem;
import io.certwiz.ca.CertificateAuthority;
import io.certwiz.certificate.CertificateViews;
import io.certwiz.certificate.StoredCertificate;
import io.certwiz.crypto.KeyVault;
import io.certwiz.store.Store;
import io.certwiz.store.Transaction;
import io.certwiz.trust.ChainReport;
import io.certwiz.trust.TrustSnapshot;
import io.certwiz.trust.TrustStore;
import io.certwiz.usage.AssignmentService;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.Usage;
import io.certwiz.x509.CertificateDetails;
import io.certwiz.x509.Pem;
import io.certwiz.x509.SubjectAltName;
import io.certwiz.x509.Thumbprint;
import java.nio.charset.StandardCharsets;
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
    private final Clock clock;
    private final String actor;

    public RequestService(
            Store store,
            KeyVault vault,
            Function<String, CertificateAuthority> authorities,
            Clock clock,
            String actor) {
        this.store = store;
        this.vault = vault;
        this.authorities = authorities;
        this.clock = clock;
        this.actor = actor;
    }

    private ServerIdentity identity() {
        return store.read(Transaction::identity)
                .orElseThrow(() -> CertwizException.notFound("this store has no server identity; run certwiz init"));
    }

    /**
     * Makes the key and request, submits it to the CA, stores what comes back, and assigns it to the
     * requested usages when {@code spec.assign()} is set and every check passes.
     */
    public RequestOutcome online(RequestSpec spec) {
        CertificateAuthority ca = authorities.apply(spec.ca());
        SubjectPlan plan = SubjectPlan.of(identity(), spec);
        KeyPair keys = spec.keyType().generate();
        PKCS10CertificationRequest csr = CsrBuilder.build(keys, plan);
        CertificateAuthority.Issued issued = ca.submitDeferred(csr, spec);
        List<X509Certificate> chain = issued.chain();
        X509Certificate leaf = chain.getFirst();
        if (!leaf.getPublicKey().equals(keys.getPublic())
                && !java.util.Arrays.equals(
                        leaf.getPublicKey().getEncoded(), keys.getPublic().getEncoded())) {
            throw CertwizException.error("the CA returned a certificate for a different key");
        }
        Instant now = clock.instant();
        // One transaction: the CA's issuance record, the key and the certificate commit together or not at all.
        Thumbprint thumbprint = store.write(tx -> {
            issued.record(tx);
            long keyId = tx.addKey(
                    keys.getPrivate().getAlgorithm(),
                    keys.getPublic().getEncoded(),
                    vault.seal(keys.getPrivate()),
                    spec.exportable(),
                    now);
            storeIssued(tx, leaf, chain.subList(1, chain.size()), spec.friendlyName(), keyId, now);
            tx.audit(
                    now,
                    actor,
                    "request.online",
                    List.of(Thumbprint.of(leaf).hex()),
                    "ca=" + ca.name() + " key=" + spec.keyType().id() + " usages=" + usageNames(spec.usages()));
            return Thumbprint.of(leaf);
        });
        return finish(null, thumbprint, spec.usages(), spec.assign());
    }

    /** Stores an issued certificate in personal and the CA certificates that came with it in intermediate. */
    static void storeIssued(
            Transaction tx,
            X509Certificate leaf,
            List<X509Certificate> cas,
            String friendlyName,
            long keyId,
            Instant now) {
        tx.putCertificate(leaf, TrustStore.personal, friendlyName, keyId, now);
        for (X509Certificate ca : cas) {
            if (!CertificateDetails.isCa(ca)) {
                continue;
            }
            if (tx.certificate(Thumbprint.of(ca)).isEmpty()) {
                // Not trusted silently: a root that came with a chain waits in intermediate.
                tx.putCertificate(ca, TrustStore.intermediate, null, null, now);
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
                new CertificateViews(tx, clock.instant())
                        .of(tx.certificate(thumbprint).orElseThrow()),
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
        TrustSnapshot trust = TrustSnapshot.load(tx);
        ChainReport[] analysed = new ChainReport[1];
        List<String> assigned = AssignmentService.assign(
                        tx,
                        thumbprint,
                        usages,
                        now,
                        actor,
                        certificate -> analysed[0] = trust.analyzer().analyze(certificate, now))
                .stream()
                .map(a -> a.usage().name())
                .toList();
        StoredCertificate stored = tx.certificate(thumbprint).orElseThrow();
        CertificateViews views = new CertificateViews(tx, now, trust);
        return new RequestOutcome(
                requestId,
                analysed[0] == null ? views.of(stored) : views.of(stored, analysed[0]),
                usages.stream().map(Usage::name).toList(),
                assigned,
                true,
                List.of());
    }

    /**
     * Prepares the request now to send later: keeps its key with a pending request and hands its PEM to
     * {@code write} (when given; the API returns the PEM instead) inside the transaction, so a failed
     * write stores nothing.
     */
    public OfflineRequest offline(RequestSpec spec, Consumer<byte[]> write) {
        if (!spec.ca().equals("embedded")) {
            authorities.apply(spec.ca());
        }
        SubjectPlan plan = SubjectPlan.of(identity(), spec);
        KeyPair keys = spec.keyType().generate();
        PKCS10CertificationRequest csr = CsrBuilder.build(keys, plan);
        String pem = Pem.encode(csr);
        Instant now = clock.instant();
        long id = store.write(tx -> {
            long keyId = tx.addKey(
                    keys.getPrivate().getAlgorithm(),
                    keys.getPublic().getEncoded(),
                    vault.seal(keys.getPrivate()),
                    spec.exportable(),
                    now);
            long requestId = tx.addPendingRequest(pem, keyId, spec.usages(), spec.friendlyName(), spec.ca(), now);
            tx.audit(
                    now,
                    actor,
                    "request.offline",
                    List.of(),
                    "id=" + requestId + " key=" + spec.keyType().id() + " usages=" + usageNames(spec.usages()));
            if (write != null) {
                write.accept(pem.getBytes(StandardCharsets.US_ASCII));
            }
            return requestId;
        });
        return new OfflineRequest(
                id,
                null,
                plan.subject().toString(),
                plan.sans().stream().map(SubjectAltName::toString).toList(),
                spec.usages().stream().map(Usage::name).toList(),
                pem);
    }

    public List<PendingRequest> pending() {
        return store.read(Transaction::pendingRequests);
    }

    public PendingRequest pending(long id) {
        return store.read(tx -> tx.pendingRequest(id))
                .orElseThrow(() -> CertwizException.notFound("no pending request with id " + id));
    }

    /** Drops a pending request and its key. */
    public PendingRequest clear(long id) {
        return store.write(tx -> {
            PendingRequest request = tx.pendingRequest(id)
                    .orElseThrow(() -> CertwizException.notFound("no pending request with id " + id));
            tx.deletePendingRequest(id);
            tx.deleteKey(request.keyId());
            tx.audit(clock.instant(), actor, "request.clear", List.of(), "id=" + id);
            return request;
        });
    }

    /**
     * Completes the pending request whose key matches the CA's reply, inside the caller's transaction.
     * Returns the request, or null when none matches.
     */
    public static PendingRequest complete(
            Transaction tx, X509Certificate leaf, List<X509Certificate> cas, Instant now) {
        byte[] publicKey = leaf.getPublicKey().getEncoded();
        for (PendingRequest request : tx.pendingRequests()) {
            byte[] stored = tx.key(request.keyId()).map(k -> k.publicKey()).orElse(null);
            if (stored != null && java.util.Arrays.equals(stored, publicKey)) {
                storeIssued(tx, leaf, cas, request.friendlyName(), request.keyId(), now);
                tx.deletePendingRequest(request.id());
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
