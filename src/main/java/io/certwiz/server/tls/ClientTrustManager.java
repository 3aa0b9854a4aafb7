package io.certwiz.server.tls;

import io.certwiz.revocation.Revocation;
import io.certwiz.revocation.RevocationChecker;
import io.certwiz.revocation.RevocationPolicy;
import io.certwiz.trust.PathResult;
import io.certwiz.trust.PathValidator;
import io.certwiz.trust.TrustSnapshot;
import io.certwiz.trust.ValidationRequest;
import io.certwiz.x509.ExtendedKeyUsage;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Mutual TLS on the Default listener: a client certificate must chain to the {@code root} store
 * (through stored or presented intermediates), carry clientAuth and not be revoked, or the handshake
 * fails. Revocation is checked soft and without fetching during the handshake: the embedded CA's ledger
 * answers at once, an outside CA's CRL counts when the store's cache holds it (verify, assign and renewal
 * fill it); a client whose status cannot be found is let in (an outside CA's outage must not lock every
 * peer out, nor a slow distribution point stall handshakes), one found revoked never is.
 */
final class ClientTrustManager extends X509ExtendedTrustManager {
    /** What the door asks of revocation: the ledger and cached CRLs, no fetch, no OCSP, soft fail. */
    static final RevocationChecker.Options AT_THE_DOOR =
            new RevocationChecker.Options(RevocationPolicy.soft, List.of(), false, false);

    private final Supplier<TrustSnapshot> trust;
    private final Clock clock;
    private final RevocationChecker revocation;

    /** {@code revocation} null: no revocation check (a listener without a store behind it, in tests). */
    ClientTrustManager(Supplier<TrustSnapshot> trust, Clock clock, RevocationChecker revocation) {
        this.trust = trust;
        this.clock = clock;
        this.revocation = revocation;
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            fail("no client certificate");
        }
        TrustSnapshot snapshot = trust.get();
        List<X509Certificate> intermediates = new ArrayList<>(snapshot.intermediates());
        intermediates.addAll(Arrays.asList(chain).subList(1, chain.length));
        PathResult result =
                PathValidator.validate(ValidationRequest.of(chain[0], intermediates, snapshot.roots(), clock.instant())
                        .withEkus(List.of(ExtendedKeyUsage.CLIENT_AUTH)));
        if (!result.valid()) {
            fail(result.problems().getFirst().message());
        }
        if (revocation != null) {
            Revocation checked =
                    revocation.check(result.path(), intermediates, snapshot.roots(), clock.instant(), AT_THE_DOOR);
            if (checked.revoked()) {
                fail("it is revoked (" + checked.message() + ")");
            }
        }
    }

    private void fail(String reason) throws CertificateException {
        throw new CertificateException("client certificate refused: " + reason);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("this trust manager checks clients only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("this trust manager checks clients only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager checks clients only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return trust.get().roots().toArray(X509Certificate[]::new);
    }
}
