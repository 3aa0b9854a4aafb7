package io.certwiz.acme.server;

import io.certwiz.Certwiz;
import io.certwiz.InitService;
import io.certwiz.request.RequestSpec;
import io.certwiz.server.CertwizServer;
import io.certwiz.server.ServeOptions;
import io.certwiz.store.DataDirectory;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.Usage;
import io.certwiz.x509.KeyType;
import io.certwiz.x509.Pem;
import io.certwiz.x509.SubjectAltName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * certwiz serving ACME on loopback: identity srv.acme.test with SIP domain acme.test (so the default
 * policy allows every name under acme.test) and the external name {@value #EXTERNAL_NAME} (which the ACME
 * URLs carry and every client resolves to this machine), a WebServicesExternal certificate from the
 * embedded CA that also names 127.0.0.1, and a validation hosts file that points the test names at
 * 127.0.0.1 on ports picked here.
 */
final class AcmeTestServer implements AutoCloseable {
    static final String DOMAIN = "acme.test";
    static final String EXTERNAL_NAME = "localhost";

    final Path dir;
    final Certwiz certwiz;
    final CertwizServer server;
    final int httpPort;
    final int tlsPort;
    final Path hostsFile;
    final Path rootPem;
    final Path intermediatePem;

    private AcmeTestServer(Path dir, List<String> names, io.certwiz.keystore.KeyStoreChoice caKeyStore)
            throws IOException {
        this.dir = dir;
        DataDirectory data = new DataDirectory(dir.resolve("data"));
        InitService.init(
                data,
                new InitService.Options(
                        ServerIdentity.of("srv." + DOMAIN, null, null, EXTERNAL_NAME, List.of(DOMAIN)),
                        true,
                        false,
                        null,
                        caKeyStore,
                        null));
        this.certwiz = Certwiz.open(data);
        this.httpPort = freePort();
        this.tlsPort = freePort();
        this.hostsFile = dir.resolve("acme-hosts");
        StringBuilder hosts = new StringBuilder("# names the tests order, all on this machine\n");
        for (String name : names) {
            hosts.append("127.0.0.1 ").append(name).append('\n');
        }
        Files.writeString(hostsFile, hosts);
        CertwizServer started;
        try {
            started =
                    CertwizServer.start(certwiz, new ServeOptions("127.0.0.1", 0, 0, 0, hostsFile, httpPort, tlsPort));
        } catch (RuntimeException e) {
            certwiz.close();
            throw e;
        }
        this.server = started;
        certifyListener(certwiz);
        server.refresh();
        this.rootPem = dir.resolve("root.pem");
        this.intermediatePem = dir.resolve("intermediate.pem");
        Files.writeString(rootPem, Pem.encode(certwiz.embeddedCa().root()));
        Files.writeString(intermediatePem, Pem.encode(certwiz.embeddedCa().intermediate()));
    }

    /** The ACME endpoint's own HTTPS: a certificate from the embedded CA that clients can check by IP. */
    static void certifyListener(Certwiz certwiz) {
        certwiz.requests()
                .online(new RequestSpec(
                        List.of(Usage.WebServicesExternal),
                        null,
                        KeyType.EC_P256,
                        null,
                        false,
                        null,
                        List.of(SubjectAltName.ip("127.0.0.1")),
                        null,
                        null,
                        null,
                        null,
                        null,
                        true));
    }

    static AcmeTestServer start(Path dir, String... names) {
        return start(dir, null, names);
    }

    /** The same with the embedded CA's keys in {@code caKeyStore} (a token named in dir/data/tokens.json). */
    static AcmeTestServer start(Path dir, io.certwiz.keystore.KeyStoreChoice caKeyStore, String... names) {
        try {
            return new AcmeTestServer(dir, List.of(names), caKeyStore);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.port(Usage.WebServicesExternal);
    }

    String base() {
        return "https://" + EXTERNAL_NAME + ":" + port();
    }

    URI directory() {
        return URI.create(base() + AcmeServer.DIRECTORY);
    }

    X509Certificate root() {
        return certwiz.embeddedCa().root();
    }

    /** TLS trusting only the embedded root. */
    SSLContext trustingRoot() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("root", root());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
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
