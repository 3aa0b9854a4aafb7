package io.certwiz.acme.client;

import io.certwiz.CertwizException;
import io.certwiz.x509.CertificateReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * acme4j sessions to an ACME directory. With a CA bundle, the ACME server's own HTTPS certificate
 * must chain to one of the bundle's certificates (and only to those, like {@code curl --cacert});
 * without one, the JDK's default trust applies. The bundle is for the connection only: it never
 * makes a CA trusted for certificates.
 */
public final class AcmeSessions {
    private AcmeSessions() {}

    public static URI directory(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw CertwizException.badUsage("not an ACME directory URL: '" + url + "'");
        }
        if (uri.getRawUserInfo() != null) {
            // Never stored, shown or logged: the URL is not echoed either.
            throw CertwizException.badUsage("an ACME directory URL takes no user name or password (user:password@);"
                    + " a CA's account credentials go in --eab-kid and --eab-hmac-file");
        }
        if (uri.getScheme() == null
                || !uri.getScheme().equals("https") && !uri.getScheme().equals("http")
                || uri.getHost() == null) {
            throw CertwizException.badUsage(
                    "not an ACME directory URL: '" + url + "' (e.g. https://acme-v02.api.letsencrypt.org/directory)");
        }
        return uri;
    }

    public static Session open(String directoryUrl, String caBundlePem) {
        SSLContext ssl = caBundlePem == null ? null : sslContext(caBundlePem);
        return new Session(directory(directoryUrl), new BundleProvider(ssl));
    }

    /** The certificates of a PEM bundle, checked: at least one, all readable. */
    public static List<X509Certificate> bundle(String pem) {
        return bundle(pem.getBytes(StandardCharsets.US_ASCII));
    }

    /** The certificates of a bundle file (PEM, DER or PKCS#7), checked: at least one, all readable. */
    public static List<X509Certificate> bundle(byte[] file) {
        List<X509Certificate> certificates = CertificateReader.read(file, null).certificates();
        if (certificates.isEmpty()) {
            throw CertwizException.error("the CA bundle holds no certificate");
        }
        return certificates;
    }

    /** An HTTPS client context trusting exactly the bundle's certificates. */
    public static SSLContext sslContext(String caBundlePem) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (X509Certificate certificate : bundle(caBundlePem)) {
                trust.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw CertwizException.error("cannot use the CA bundle: " + e.getMessage(), e);
        }
    }

    /** The generic provider with the HTTP client built on the bundle's trust. */
    static final class BundleProvider extends GenericAcmeProvider {
        private final SSLContext ssl;

        BundleProvider(SSLContext ssl) {
            this.ssl = ssl;
        }

        @Override
        public HttpClient createHttpClient(NetworkSettings settings) {
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(settings.getTimeout())
                    .proxy(settings.getProxySelector());
            if (ssl != null) {
                builder.sslContext(ssl);
            }
            if (settings.getAuthenticator() != null) {
                builder.authenticator(settings.getAuthenticator());
            }
            return builder.build();
        }
    }
}
