package io.certwiz.assignment;

import io.certwiz.CertwizException;
import io.certwiz.certificate.HeldCertificates;
import io.certwiz.certificate.StoredCertificate;
import io.certwiz.crypto.KeyOwner;
import io.certwiz.crypto.KeyRecords;
import io.certwiz.crypto.StoredKey;
import io.certwiz.keystore.KeyService;
import io.certwiz.store.Settings;
import io.certwiz.store.Store;
import io.certwiz.trust.ChainReport;
import io.certwiz.trust.TrustSnapshot;
import io.certwiz.usage.Assignment;
import io.certwiz.usage.Assignments;
import io.certwiz.usage.ListenerFaults;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Opens the credentials the listeners present: the assigned certificate, its intermediates and its key. */
public final class AssignedCredentials {
    private final Store store;
    private final KeyService keyService;
    private final HeldCertificates held;
    private final Assignments assignments;
    private final KeyRecords keys;
    private final Clock clock;
    private final ListenerFaults faults;
    private final Settings settings;
    private final ClientRootsService clientRoots;

    public AssignedCredentials(
            Store store,
            KeyService keyService,
            HeldCertificates held,
            Assignments assignments,
            KeyRecords keys,
            ListenerFaults faults,
            Settings settings,
            ClientRootsService clientRoots,
            Clock clock) {
        this.faults = faults;
        this.settings = settings;
        this.clientRoots = clientRoots;
        this.store = store;
        this.keyService = keyService;
        this.held = held;
        this.assignments = assignments;
        this.keys = keys;
        this.clock = clock;
    }

    /** Empty when nothing is assigned; a one-line error when the assignment cannot be loaded. */
    public Optional<AssignedCredential> load(Usage usage) {
        return store.read(tx -> {
            Optional<Assignment> assignment = assignments.find(tx, usage).map(a -> a.at(clock.instant()));
            if (assignment.isEmpty()) {
                return Optional.empty();
            }
            Thumbprint thumbprint = assignment.get().thumbprint();
            StoredCertificate stored = held.records()
                    .find(tx, thumbprint)
                    .orElseThrow(() -> CertwizException.error("the certificate assigned to " + usage + " is missing"));
            if (stored.keyId() == null) {
                throw CertwizException.error("the certificate assigned to " + usage + " has no private key");
            }
            StoredKey key = keys.find(tx, stored.keyId())
                    .orElseThrow(() -> CertwizException.error("the private key of " + thumbprint + " is missing"));
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(stored.certificate());
            ChainReport report = held.trust(tx).analyzer().analyze(stored.certificate(), clock.instant());
            chain.addAll(held.issuers(tx, report, false));
            List<X509Certificate> withRoot = held.issuers(tx, report, true);
            return Optional.of(new AssignedCredential(
                    usage,
                    thumbprint,
                    chain,
                    keyService.open(key, KeyOwner.CERTIFICATE),
                    withRoot.isEmpty() ? null : withRoot.getFirst()));
        });
    }

    /**
     * Records why {@code usage}'s listener could not present the certificate now assigned to it ({@code
     * usages} shows it), or clears that when {@code message} is null.
     */
    public void reportFault(Usage usage, String message) {
        if (message == null && store.read(tx -> faults.find(tx, usage)).isEmpty()) {
            return;
        }
        store.write(tx -> {
            if (message == null) {
                faults.clear(tx, usage);
            } else {
                assignments
                        .find(tx, usage)
                        .ifPresent(a -> faults.record(tx, usage, a.thumbprint(), message, clock.instant()));
            }
            return null;
        });
    }

    /** Changes whenever an assignment, the root or intermediate store, or the client roots' choice changes. */
    public String changeMarker() {
        return store.read(tx -> assignments.changeMarker(tx) + "|client-roots="
                + settings.get(tx, ClientRootsService.SETTING).orElse(""));
    }

    /**
     * What the Default listener checks a client certificate against: the roots it trusts for clients
     * ({@link ClientRootsService}) and the whole intermediate store.
     */
    public TrustSnapshot clientTrust() {
        return store.read(tx -> {
            TrustSnapshot trust = held.trust(tx);
            return new TrustSnapshot(clientRoots.trusted(tx, trust), trust.intermediates());
        });
    }
}
