package io.certwiz.acme.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import io.certwiz.x509.KeyType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A small ACME client for the tests, building every JWS by hand with Nimbus so that the tests can also
 * build wrong ones: another key, a reused nonce, a wrong URL.
 */
final class TestAcmeClient {
    static final ObjectMapper JSON = new ObjectMapper();

    record Response(int status, Map<String, List<String>> headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst())
                    .findFirst()
                    .orElse(null);
        }

        String problemType() {
            return json().path("type").asText();
        }

        String contentType() {
            return header("Content-Type");
        }
    }

    final HttpClient http;
    final JsonNode directory;
    ECKey key;
    String kid;
    private String nonce;

    TestAcmeClient(URI directoryUrl, SSLContext ssl) {
        this.http = HttpClient.newBuilder().sslContext(ssl).build();
        this.directory = get(directoryUrl.toString()).json();
        this.key = newKey();
    }

    static ECKey newKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    String url(String name) {
        return directory.path(name).asText();
    }

    Response get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            Response out =
                    new Response(response.statusCode(), response.headers().map(), response.body());
            String fresh = out.header("Replay-Nonce");
            if (fresh != null) {
                nonce = fresh;
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A nonce, from the last response or from newNonce. */
    String nonce() {
        if (nonce == null) {
            send(HttpRequest.newBuilder(URI.create(url("newNonce")))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build());
        }
        String out = nonce;
        nonce = null;
        return out;
    }

    /** A flattened JWS JSON body. */
    static String jws(JWSHeader header, String payload, JWSSigner signer) {
        try {
            JWSObject object = new JWSObject(header, new Payload(payload));
            object.sign(signer);
            Map<String, String> body = new LinkedHashMap<>();
            body.put("protected", object.getHeader().toBase64URL().toString());
            body.put("payload", object.getPayload().toBase64URL().toString());
            body.put("signature", object.getSignature().toString());
            return JSON.writeValueAsString(body);
        } catch (JOSEException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JWSSigner signer(ECKey key) {
        try {
            return new ECDSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static JWSSigner macSigner(byte[] hmac) {
        try {
            return new MACSigner(hmac);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signed by this client's key, named by kid (or jwk before registration). */
    String body(String url, String payload) {
        return body(url, payload, key, kid, nonce());
    }

    static String body(String url, String payload, ECKey signingKey, String kid, String nonce) {
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.ES256).customParam("url", url);
        if (nonce != null) {
            header.customParam("nonce", nonce);
        }
        if (kid != null) {
            header.keyID(kid);
        } else {
            header.jwk(signingKey.toPublicJWK());
        }
        return jws(header.build(), payload, signer(signingKey));
    }

    Response postBody(String url, String body) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/jose+json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    Response post(String url, String payload) {
        return postBody(url, body(url, payload));
    }

    Response postAsGet(String url) {
        return post(url, "");
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Response register() {
        Response response = post(
                url("newAccount"),
                json(Map.of("termsOfServiceAgreed", true, "contact", List.of("mailto:ops@" + AcmeTestServer.DOMAIN))));
        if (response.status() == 201 || response.status() == 200) {
            kid = response.header("Location");
        }
        return response;
    }

    Response newOrder(String... names) {
        return post(
                url("newOrder"),
                json(Map.of(
                        "identifiers",
                        Arrays.stream(names)
                                .map(n -> Map.of("type", "dns", "value", n))
                                .toList())));
    }

    String keyAuthorization(String token) {
        try {
            return token + "." + key.computeThumbprint();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers every authorization of an order with http-01 from {@code responder}; the order afterwards. */
    JsonNode authorize(Response order, Http01Responder responder) {
        for (JsonNode authz : order.json().path("authorizations")) {
            JsonNode authorization = postAsGet(authz.asText()).json();
            for (JsonNode challenge : authorization.path("challenges")) {
                if (challenge.path("type").asText().equals("http-01")) {
                    String token = challenge.path("token").asText();
                    responder.answers.put(token, keyAuthorization(token));
                    Response answered = post(challenge.path("url").asText(), "{}");
                    if (answered.status() != 200) {
                        throw new AssertionError(answered.body());
                    }
                }
            }
        }
        return poll(order.header("Location"), "pending");
    }

    /** Polls a resource while its status is {@code whileStatus}. */
    JsonNode poll(String url, String whileStatus) {
        for (int i = 0; i < 100; i++) {
            JsonNode resource = postAsGet(url).json();
            if (!resource.path("status").asText().equals(whileStatus)) {
                return resource;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError(url + " stayed " + whileStatus);
    }

    /** A CSR (base64url DER) for these DNS names. */
    static String csr(KeyPair keys, String commonName, String... names) {
        try {
            JcaPKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(
                    new X500Name(commonName == null ? "" : "CN=" + commonName), keys.getPublic());
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(Arrays.stream(names)
                            .map(n -> new GeneralName(GeneralName.dNSName, n))
                            .toArray(GeneralName[]::new)));
            builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            byte[] der = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()))
                    .getEncoded();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(der);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair certificateKey() {
        return KeyType.EC_P256.generate();
    }

    static String thumbprint(JWK jwk) {
        try {
            return jwk.computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves http-01 answers on loopback. */
    static final class Http01Responder implements AutoCloseable {
        final Map<String, String> answers = new ConcurrentHashMap<>();
        private final HttpServer server;

        Http01Responder(int port) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/.well-known/acme-challenge/", exchange -> {
                String token = exchange.getRequestURI().getPath().substring("/.well-known/acme-challenge/".length());
                String answer = answers.get(token);
                byte[] body = (answer == null ? "no such token" : answer).getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(answer == null ? 404 : 200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
