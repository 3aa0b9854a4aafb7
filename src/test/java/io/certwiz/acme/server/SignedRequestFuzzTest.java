package io.certwiz.acme.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import io.certwiz.Certwiz;
import io.certwiz.testing.FuzzContract;
import io.certwiz.testing.FuzzStores;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Feeds request bodies to the ACME server's signed-request verification ({@link SignedRequests#verify},
 * RFC 8555 6.2 to 6.5, over a real store with two accounts) and, when a request verifies, to what the
 * handlers parse out of its payload: an external account binding (a MAC JWS holding a JWK) and a
 * key-change's inner JWS. A request is refused with an {@link AcmeProblem} or verified; nothing else
 * escapes.
 *
 * <p>The first byte chooses: bits 0-1 the key mode (jwk, kid, either), bit 2 whether the rest is the raw
 * body, or a protected header and a payload (split at the first NUL byte) that this target signs with the
 * account's key, so that inputs get past the signature. In a header, {@code $JWK}, {@code $KID}, {@code
 * $NONCE} and {@code $URL} stand for the account's public key, its account URL, a fresh nonce and the
 * request's URL.
 */
class SignedRequestFuzzTest {
    private static final String BASE = "https://acme." + FuzzStores.DOMAIN + ":8443";
    private static final String URL = BASE + AcmeServer.NEW_ORDER;
    private static final byte[] EAB_KEY = "an HMAC key of thirty-two bytes!".getBytes(StandardCharsets.US_ASCII);

    private static Certwiz certwiz;
    private static ReplayNonces nonces;
    private static SignedRequests requests;
    private static ECKey key;
    private static ECDSASigner signer;

    @BeforeAll
    static void open() throws Exception {
        FuzzContract.noHooksInRegressionMode();
        certwiz = FuzzStores.fresh(Clock.systemUTC());
        AcmeServerStorage storage = certwiz.acmeServerStorage();
        nonces = ReplayNonces.inMemory(Clock.systemUTC());
        requests = new SignedRequests(storage, nonces);
        key = new ECKeyGenerator(Curve.P_256).generate();
        signer = new ECDSASigner(key);
        String jwk = key.toPublicJWK().toJSONString();
        String thumbprint = Jws.thumbprint(key.toPublicJWK());
        storage.store().write(tx -> {
            storage.records()
                    .addAccount(
                            tx,
                            new AcmeAccount(
                                    "fuzz", thumbprint, jwk, AcmeAccount.Status.VALID, List.of(), null, Instant.now()));
            storage.records()
                    .addAccount(
                            tx,
                            new AcmeAccount(
                                    "gone",
                                    thumbprint + "-gone",
                                    jwk,
                                    AcmeAccount.Status.DEACTIVATED,
                                    List.of(),
                                    null,
                                    Instant.now()));
            return null;
        });
    }

    @AfterAll
    static void close() {
        certwiz.close();
    }

    @FuzzTest(maxDuration = "5m")
    void verifyRefusesWithAnAcmeProblemOrVerifies(byte[] data) throws Exception {
        int choice = data.length == 0 ? 0 : data[0] & 0xFF;
        SignedRequests.KeyMode mode = switch (choice & 3) {
            case 0 -> SignedRequests.KeyMode.JWK;
            case 1 -> SignedRequests.KeyMode.KID;
            default -> SignedRequests.KeyMode.EITHER;
        };
        byte[] rest = data.length == 0 ? data : Arrays.copyOfRange(data, 1, data.length);
        byte[] body = (choice & 4) == 0 ? rest : signed(rest);
        try {
            SignedRequest request = requests.verify(body, BASE, URL, mode, null);
            if (!request.postAsGet()) {
                payload(request.payload());
            }
        } catch (AcmeProblem problem) {
            AcmeProblems.check(problem);
        }
    }

    @Test
    void aSignedSeedGetsPastEveryCheck() throws Exception {
        byte[] seed = seed("new-order-jwk");
        SignedRequest request = requests.verify(
                signed(Arrays.copyOfRange(seed, 1, seed.length)), BASE, URL, SignedRequests.KeyMode.JWK, null);
        assertThat(request.payload().path("identifiers").size()).isEqualTo(1);
        assertThat(request.key().toJSONString()).isEqualTo(key.toPublicJWK().toJSONString());
    }

    @Test
    void aSignedSeedForADeactivatedAccountIsRefused() throws Exception {
        byte[] seed = seed("kid-deactivated");
        assertThatThrownBy(() -> requests.verify(
                        signed(Arrays.copyOfRange(seed, 1, seed.length)), BASE, URL, SignedRequests.KeyMode.KID, null))
                .isInstanceOfSatisfying(
                        AcmeProblem.class, p -> assertThat(p.type()).isEqualTo(ProblemType.UNAUTHORIZED));
    }

    private static byte[] seed(String name) throws IOException {
        try (InputStream in = SignedRequestFuzzTest.class.getResourceAsStream(
                "SignedRequestFuzzTestInputs/verifyRefusesWithAnAcmeProblemOrVerifies/" + name)) {
            return in.readAllBytes();
        }
    }

    /** What the handlers parse out of a verified payload (new-account's binding, key-change's inner JWS). */
    private static void payload(JsonNode payload) {
        JsonNode binding = payload.get("externalAccountBinding");
        if (binding != null) {
            Jws.Signed eab = Jws.parse(binding, Jws.MAC_ALGORITHMS);
            Jws.verifyMac(eab, EAB_KEY);
            Jws.thumbprint(Jws.parseJwk(Jws.utf8(eab.payload())));
        }
        if (payload.has("protected")) {
            Jws.Signed inner = Jws.parse(payload, Jws.ACCOUNT_ALGORITHMS);
            Jws.checkAccountKey(inner.jwk());
            Jws.verify(inner, inner.jwk());
            inner.payloadJson();
        }
    }

    /** A flattened JWS of the header and payload in {@code rest}, signed with the account's key. */
    private static byte[] signed(byte[] rest) throws Exception {
        int nul = 0;
        while (nul < rest.length && rest[nul] != 0) {
            nul++;
        }
        String header = new String(rest, 0, nul, StandardCharsets.UTF_8)
                .replace("$JWK", key.toPublicJWK().toJSONString())
                .replace("$KID", BASE + AcmeServer.ACCOUNT + "fuzz")
                .replace("$NONCE", nonces.next())
                .replace("$URL", URL);
        byte[] payload = nul < rest.length ? Arrays.copyOfRange(rest, nul + 1, rest.length) : new byte[0];
        Base64URL protectedPart = Base64URL.encode(header.getBytes(StandardCharsets.UTF_8));
        Base64URL payloadPart = Base64URL.encode(payload);
        byte[] input = (protectedPart + "." + payloadPart).getBytes(StandardCharsets.US_ASCII);
        Base64URL signature = signer.sign(new JWSHeader(JWSAlgorithm.ES256), input);
        return AcmeHttp.json(Map.of(
                "protected", protectedPart.toString(),
                "payload", payloadPart.toString(),
                "signature", signature.toString()));
    }
}
