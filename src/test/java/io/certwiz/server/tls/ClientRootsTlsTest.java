package io.certwiz.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.inventory.ImportService;
import io.certwiz.server.support.Api;
import io.certwiz.server.support.OpenSsl;
import io.certwiz.server.support.TestServer;
import io.certwiz.server.support.Tls;
import io.certwiz.server.support.WizardSession;
import io.certwiz.testing.CertFactory;
import io.certwiz.trust.TrustStore;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.KeyManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: the Default listener trusts, for client certificates, the roots chosen with {@code usage set
 * Default --client-roots} (the embedded CA's root and the Default certificate's root by default), not
 * every root of the root store. Real handshakes, from the JDK and from {@code openssl s_client}, whose
 * list of acceptable CA names shows the choice too; set through the CLI's service, the API and the wizard.
 */
class ClientRootsTlsTest {
    @TempDir
    Path dir;

    TestServer server;
    CertFactory.Issued outsideRoot;
    CertFactory.Issued outsideLeaf;
    String outsideThumbprint;
    KeyManager[] embeddedClient;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir);
        server.request(List.of(Usage.Default), true, false);
        outsideRoot = CertFactory.root("Partner Root CA");
        outsideLeaf = CertFactory.leaf(outsideRoot, List.of("peer.partner.example"));
        outsideThumbprint = Thumbprint.of(outsideRoot.certificate()).hex();
        server.certwiz()
                .imports()
                .importBytes(
                        CertFactory.pem(outsideRoot.certificate()).getBytes(StandardCharsets.US_ASCII),
                        "partner-root.pem",
                        new ImportService.Options(TrustStore.root, null, false, null, false));
        server.server().refresh();
        String client = server.request(List.of(Usage.Default), false, true);
        embeddedClient = Tls.keyManagers(server.exportKeyStore(client), TestServer.PASSWORD);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private int peer(KeyManager[] keys) throws Exception {
        return MutualTlsTest.peerOf(server, keys).statusCode();
    }

    private KeyManager[] outsideClient() throws Exception {
        return MutualTlsTest.keysOf(outsideLeaf.certificate(), outsideLeaf.key(), outsideRoot.certificate());
    }

    /** {@code openssl s_client -cert -key} over TLS 1.2, where a refused client certificate fails the handshake. */
    private OpenSsl.Handshake openssl(CertFactory.Issued leaf) {
        Path cert = CertFactory.writePem(dir.resolve("client-" + System.nanoTime() + ".pem"), leaf.certificate());
        Path key = CertFactory.writePem(dir.resolve("client-" + System.nanoTime() + ".key"), leaf.key());
        return OpenSsl.connect(server.port(Usage.Default), "-tls1_2", "-cert", cert.toString(), "-key", key.toString());
    }

    private static String acceptableNames(OpenSsl.Handshake handshake) {
        String out = handshake.out();
        int at = out.indexOf("Acceptable client certificate CA names");
        assertThat(at).as(handshake.all()).isNotNegative();
        int end = out.indexOf("\n---", at);
        return out.substring(at, end < 0 ? out.length() : end);
    }

    @Test
    void byDefaultAnotherRootOfTheRootStoreIsNotTrustedForClients() throws Exception {
        assertThat(peer(embeddedClient)).as("the embedded CA's client").isEqualTo(200);
        assertThatThrownBy(() -> peer(outsideClient()))
                .as("a client of a root that is only in the root store")
                .isInstanceOf(IOException.class);

        OpenSsl.Handshake refused = openssl(outsideLeaf);
        assertThat(refused.established()).as(refused.all()).isFalse();
        String names = acceptableNames(refused);
        assertThat(names).contains("certwiz").doesNotContain("Partner Root CA");
    }

    @Test
    void aListedRootLetsItsClientsInAndLeavingItOutShutsTheEmbeddedOnesOut() throws Exception {
        var set = server.certwiz().clientRoots().set(Usage.Default, "default," + outsideThumbprint.toLowerCase());
        server.server().refresh();
        assertThat(set.clientRoots()).isEqualTo("embedded,assigned," + outsideThumbprint);
        assertThat(peer(outsideClient())).isEqualTo(200);
        assertThat(peer(embeddedClient)).isEqualTo(200);
        OpenSsl.Handshake accepted = openssl(outsideLeaf);
        assertThat(accepted.established()).as(accepted.all()).isTrue();
        assertThat(acceptableNames(accepted)).contains("Partner Root CA");

        server.certwiz().clientRoots().set(Usage.Default, outsideThumbprint);
        server.server().refresh();
        assertThat(peer(outsideClient())).isEqualTo(200);
        assertThatThrownBy(() -> peer(embeddedClient))
                .as("the embedded CA's root is no longer chosen")
                .isInstanceOf(IOException.class);
    }

    @Test
    void takenOutOfTheRootStoreTheListedRootIsNoLongerTrusted() throws Exception {
        server.certwiz().clientRoots().set(Usage.Default, "all");
        server.server().refresh();
        assertThat(peer(outsideClient())).isEqualTo(200);

        server.certwiz()
                .imports()
                .importBytes(
                        CertFactory.pem(outsideRoot.certificate()).getBytes(StandardCharsets.US_ASCII),
                        "partner-root.pem",
                        new ImportService.Options(TrustStore.intermediate, null, false, null, false, true));
        server.server().refresh();
        assertThatThrownBy(() -> peer(outsideClient())).isInstanceOf(IOException.class);
        assertThat(peer(embeddedClient)).isEqualTo(200);
    }

    @Test
    void theApiReadsAndSetsTheChoiceWithTheCliErrors() throws Exception {
        Api api = new Api(server);
        JsonNode view = Api.json(api.get("/api/v1/usages/Default/client-roots"));
        assertThat(view.path("clientRoots").asText()).isEqualTo("default");
        JsonNode partner = null;
        for (JsonNode root : view.path("roots")) {
            if (root.path("thumbprint").asText().equals(outsideThumbprint)) {
                partner = root;
            }
        }
        assertThat(partner).as(view.toString()).isNotNull();
        assertThat(partner.path("trusted").asBoolean()).isFalse();

        HttpResponse<String> put = put(api, "Default", "{\"clientRoots\":\"embedded," + outsideThumbprint + "\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(Api.json(put).path("clientRoots").asText()).isEqualTo("embedded," + outsideThumbprint);
        assertThat(peer(outsideClient())).as("applied at once").isEqualTo(200);

        assertThat(put(api, "WebServicesInternal", "{\"clientRoots\":\"all\"}").statusCode())
                .isEqualTo(400);
        assertThat(put(api, "Default", "{\"clientRoots\":\"" + "AB".repeat(20) + "\"}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(put(api, "Default", "{\"clientRoots\":\"all,embedded\"}").statusCode())
                .isEqualTo(400);
        assertThat(Api.json(api.get("/api/v1/usages/Default/client-roots"))
                        .path("clientRoots")
                        .asText())
                .as("a refused change changes nothing")
                .isEqualTo("embedded," + outsideThumbprint);
    }

    private static HttpResponse<String> put(Api api, String usage, String json) {
        return api.send(api.authorized("/api/v1/usages/" + usage + "/client-roots")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    @Test
    void theWizardShowsAndSetsTheChoice() throws Exception {
        WizardSession wizard = WizardSession.login(server);
        assertThat(wizard.get("/").body()).contains("/usages/Default/client-roots");
        HttpResponse<String> page = wizard.get("/usages/Default/client-roots");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Partner Root CA").contains("not trusted");

        HttpResponse<String> empty = wizard.post("/usages/Default/client-roots", "mode", "list");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("choose at least one root");

        HttpResponse<String> saved = wizard.post(
                "/usages/Default/client-roots", "mode", "list", "item", "assigned", "item", outsideThumbprint);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(saved.body()).contains("assigned," + outsideThumbprint);
        assertThat(peer(outsideClient())).isEqualTo(200);
        assertThat(peer(embeddedClient))
                .as("assigned: the Default certificate's root, the embedded one")
                .isEqualTo(200);
    }
}
