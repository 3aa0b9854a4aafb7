package io.certwiz.server.support;

import io.certwiz.Certwiz;
import io.certwiz.InitService;
import io.certwiz.certificate.ExportService;
import io.certwiz.request.RequestOutcome;
import io.certwiz.request.RequestSpec;
import io.certwiz.server.CertwizServer;
import io.certwiz.server.ServeOptions;
import io.certwiz.store.DataDirectory;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.Usage;
import io.certwiz.x509.KeyType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certwiz server on loopback with ports picked by the system, over a fresh data directory whose
 * identity is {@value #FQDN} and whose embedded CA is trusted.
 */
public final class TestServer implements AutoCloseable {
    public static final String FQDN = "localhost.localdomain";
    public static final char[] PASSWORD = "test-password".toCharArray();

    private final Path dir;
    private final DataDirectory data;
    private final String adminToken;
    private final Certwiz certwiz;
    private final CertwizServer server;

    private TestServer(Path dir, ServeOptions options) {
        this(dir, options, null);
    }

    private TestServer(Path dir, ServeOptions options, String pkiUrl) {
        this.dir = dir;
        this.data = new DataDirectory(dir.resolve("data"));
        this.adminToken = InitService.init(
                        data,
                        new InitService.Options(
                                ServerIdentity.of(FQDN, null, null, null, List.of()), true, false, null, null, pkiUrl))
                .adminToken();
        this.certwiz = Certwiz.open(data);
        CertwizServer started;
        try {
            started = CertwizServer.start(certwiz, options);
        } catch (RuntimeException e) {
            certwiz.close();
            throw e;
        }
        this.server = started;
    }

    public static TestServer start(Path dir) {
        return new TestServer(dir, new ServeOptions("127.0.0.1", 0, 0, 0));
    }

    /** The same with a plain-HTTP listener on a free port. */
    public static TestServer startWithHttp(Path dir) {
        return new TestServer(dir, new ServeOptions("127.0.0.1", 0, 0, 0).withHttpPort(0));
    }

    /**
     * With a plain-HTTP listener on a free port that the embedded CA's certificates name for their CRL,
     * CA certificate and OCSP responder (http://127.0.0.1:PORT), so that clients really fetch them.
     */
    public static TestServer startWithPki(Path dir) {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestServer(
                dir, new ServeOptions("127.0.0.1", 0, 0, 0).withHttpPort(port), "http://127.0.0.1:" + port);
    }

    public Path dir() {
        return dir;
    }

    public Path dataDir() {
        return data.path();
    }

    public String adminToken() {
        return adminToken;
    }

    public Certwiz certwiz() {
        return certwiz;
    }

    public CertwizServer server() {
        return server;
    }

    public int port(Usage usage) {
        return server.port(usage);
    }

    public URI uri(Usage usage, String path) {
        return URI.create("https://127.0.0.1:" + port(usage) + path);
    }

    public X509Certificate root() {
        return certwiz.embeddedCa().root();
    }

    /** Requests a certificate for {@code usages} from the embedded CA in this process; its thumbprint. */
    public String request(List<Usage> usages, boolean assign, boolean exportable) {
        RequestOutcome outcome = certwiz.requests()
                .online(new RequestSpec(
                        usages,
                        null,
                        KeyType.EC_P256,
                        null,
                        exportable,
                        null,
                        List.of(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        assign));
        if (assign) {
            server.refresh();
        }
        return outcome.certificate().thumbprint();
    }

    /** A PKCS#12 key store with the certificate, its chain and its (exportable) key, made by ExportService. */
    public KeyStore exportKeyStore(String thumbprint) {
        try {
            byte[] pfx = certwiz.exports()
                    .export(new ExportService.Request(thumbprint, ExportService.Format.pfx, true, true, PASSWORD))
                    .content();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new java.io.ByteArrayInputStream(pfx), PASSWORD);
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            certwiz.close();
        }
    }
}
