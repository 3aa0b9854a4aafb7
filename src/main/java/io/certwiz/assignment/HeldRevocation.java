package io.certwiz.assignment;

import io.certwiz.certificate.HeldCertificates;
import io.certwiz.revocation.Revocation;
import io.certwiz.revocation.RevocationChecker;
import io.certwiz.revocation.RevocationPolicy;
import io.certwiz.store.Store;
import io.certwiz.trust.PathResult;
import io.certwiz.trust.PathValidator;
import io.certwiz.trust.TrustSnapshot;
import io.certwiz.trust.ValidationRequest;
import io.certwiz.x509.Thumbprint;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * The revocation check of a held certificate's path through the trust stores: the store is read in a
 * transaction of its own, the check (which may fetch) runs after it, outside any transaction.
 */
final class HeldRevocation {
    private final Store store;
    private final HeldCertificates held;
    private final RevocationChecker checker;

    HeldRevocation(Store store, HeldCertificates held, RevocationChecker checker) {
        this.store = store;
        this.held = held;
        this.checker = checker;
    }

    /** Not checked when the certificate is not held, the policy is off, or it has no valid path. */
    Revocation check(Thumbprint thumbprint, Instant at, RevocationChecker.Options options) {
        record Loaded(X509Certificate certificate, TrustSnapshot trust) {}
        Loaded loaded = store.read(tx -> held.records()
                .find(tx, thumbprint)
                .map(stored -> new Loaded(stored.certificate(), held.trust(tx)))
                .orElse(null));
        if (loaded == null || options.policy() == RevocationPolicy.off) {
            return Revocation.notChecked(options.policy(), loaded == null ? "no such certificate" : "off");
        }
        PathResult path = PathValidator.validate(ValidationRequest.of(
                loaded.certificate(),
                loaded.trust().intermediates(),
                loaded.trust().roots(),
                at));
        if (!path.valid()) {
            return Revocation.notChecked(options.policy(), "there is no valid path to check");
        }
        return checker.check(
                path.path(), loaded.trust().intermediates(), loaded.trust().roots(), at, options);
    }
}
