package io.certwiz.ca;

import io.certwiz.usage.Usage;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** A CA that takes a request online and returns the issued certificate with its chain. */
public interface CertificateAuthority {
    /** The name administrators pick it by, such as {@code embedded}. */
    String name();

    /** Submits the request; returns the issued certificate first, then the CA certificates that issued it. */
    List<X509Certificate> submit(PKCS10CertificationRequest request, List<Usage> usages);

    /** As {@link #submit(PKCS10CertificationRequest, List)}, with the whole request (ACME CAs read its options). */
    default List<X509Certificate> submit(PKCS10CertificationRequest request, io.certwiz.request.RequestSpec spec) {
        return submit(request, spec.usages());
    }
}
