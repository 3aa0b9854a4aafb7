package io.certwiz.ca;

import io.certwiz.CertwizException;
import io.certwiz.store.Transaction;
import io.certwiz.usage.Usage;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** A CA that takes a request online and returns the issued certificate with its chain. */
public interface CertificateAuthority {
    /** The name administrators pick it by, such as {@code embedded}. */
    String name();

    /**
     * Checks a requested validity ({@code request --validity}) before any key is made: a CA that sets
     * the validity itself refuses one, as a usage error.
     */
    default void checkValidity(Duration validity) {
        if (validity != null) {
            throw CertwizException.badUsage(
                    "--validity is for the embedded CA; the CA " + name() + " sets the validity itself");
        }
    }

    /** Submits the request; returns the issued certificate first, then the CA certificates that issued it. */
    List<X509Certificate> submit(PKCS10CertificationRequest request, List<Usage> usages);

    /**
     * As {@link #submit(PKCS10CertificationRequest, List)} with the whole submission (an ACME CA reads its
     * options), except that what the CA
     * itself stores about the certificate (the embedded CA's issuance record) is left to {@link Issued#record},
     * which the caller runs in the transaction that stores the certificate: both commit together or not at
     * all. A CA that stores nothing, or not in this store, records nothing there.
     */
    default Issued submitDeferred(PKCS10CertificationRequest request, Submission submission) {
        return new Issued(submit(request, submission.usages()), tx -> {});
    }

    /** An issued certificate first, then the CA certificates that issued it, and what is left to record. */
    record Issued(List<X509Certificate> chain, Recorder recorder) {
        public Issued {
            chain = List.copyOf(chain);
        }

        /** Writes what the CA keeps about this issuance, in the caller's transaction. */
        public void record(Transaction tx) {
            recorder.record(tx);
        }
    }

    @FunctionalInterface
    interface Recorder {
        void record(Transaction tx);
    }
}
