package io.certwiz.acme.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import io.certwiz.crypto.Providers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The flattened JWS JSON serialization ACME requests use (RFC 8555 6.2), parsed and verified with Nimbus
 * JOSE+JWT. This class only picks the three members out of the JSON object and applies ACME's rules on
 * top; signature checking is the library's.
 */
final class Jws {
    /** Account-key algorithms: RSA and ECDSA, never "none" nor a MAC (RFC 8555 6.2). */
    static final Set<JWSAlgorithm> ACCOUNT_ALGORITHMS = Set.of(
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.PS256,
            JWSAlgorithm.PS384,
            JWSAlgorithm.PS512,
            JWSAlgorithm.ES256,
            JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);

    static final Set<JWSAlgorithm> MAC_ALGORITHMS = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A parsed, not yet verified, JWS. */
    record Signed(JWSObject object, JWSHeader header, byte[] payload) {
        JWK jwk() {
            return header.getJWK();
        }

        String kid() {
            return header.getKeyID();
        }

        String nonce() {
            Object nonce = header.getCustomParam("nonce");
            return nonce instanceof String text ? text : null;
        }

        boolean hasNonce() {
            return header.getCustomParam("nonce") != null;
        }

        String url() {
            Object url = header.getCustomParam("url");
            return url instanceof String text ? text : null;
        }

        /** POST-as-GET: the payload is the empty string. */
        boolean emptyPayload() {
            return payload.length == 0;
        }

        JsonNode payloadJson() {
            try {
                JsonNode node = JSON.readTree(payload);
                if (node == null || !node.isObject()) {
                    throw AcmeProblem.malformed("the JWS payload is not a JSON object");
                }
                return node;
            } catch (IOException e) {
                throw AcmeProblem.malformed("the JWS payload is not JSON");
            }
        }
    }

    private Jws() {}

    /** Parses a request body (flattened JWS JSON); {@code algorithms} are the acceptable "alg" values. */
    static Signed parse(byte[] body, Set<JWSAlgorithm> algorithms) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw AcmeProblem.malformed("the request body is not JSON");
        }
        return parse(root, algorithms);
    }

    static Signed parse(JsonNode root, Set<JWSAlgorithm> algorithms) {
        if (root == null || !root.isObject()) {
            throw AcmeProblem.malformed("the request body is not a JWS in flattened JSON serialization");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!List.of("protected", "payload", "signature").contains(name)) {
                throw AcmeProblem.malformed("the JWS has a member '" + name
                        + "': ACME takes the flattened serialization with a protected" + " header only");
            }
        }
        String protectedPart = text(root, "protected");
        String payloadPart = text(root, "payload");
        String signaturePart = text(root, "signature");
        // The algorithm first: "none" is not even a JWS header to the library.
        String alg;
        try {
            alg = JSON.readTree(new Base64URL(protectedPart).decode())
                    .path("alg")
                    .asText("");
        } catch (IOException | RuntimeException e) {
            throw AcmeProblem.malformed("the JWS protected header is not JSON");
        }
        if (algorithms.stream().noneMatch(a -> a.getName().equals(alg))) {
            throw new AcmeProblem(
                            ProblemType.BAD_SIGNATURE_ALGORITHM, "the JWS algorithm '" + alg + "' is not accepted here")
                    .with(
                            "algorithms",
                            algorithms.stream()
                                    .map(JWSAlgorithm::getName)
                                    .sorted()
                                    .toList());
        }
        JWSObject object;
        try {
            object = new JWSObject(
                    new Base64URL(protectedPart), new Base64URL(payloadPart), new Base64URL(signaturePart));
        } catch (ParseException | IllegalArgumentException e) {
            throw AcmeProblem.malformed("the JWS cannot be parsed: " + e.getMessage());
        }
        JWSHeader header = object.getHeader();
        if (header.getJWK() != null && header.getKeyID() != null) {
            throw AcmeProblem.malformed("the JWS has both 'jwk' and 'kid' in its protected header; use one");
        }
        if (header.getCustomParam("url") != null && !(header.getCustomParam("url") instanceof String)) {
            throw AcmeProblem.malformed("the JWS 'url' header is not a string");
        }
        byte[] payload = new Base64URL(payloadPart).decode();
        if (!payloadPart.isEmpty() && payload.length == 0) {
            throw AcmeProblem.malformed("the JWS payload is not base64url");
        }
        return new Signed(object, header, payload);
    }

    private static String text(JsonNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null || !node.isTextual()) {
            throw AcmeProblem.malformed("the JWS has no '" + name + "' string");
        }
        String value = node.asText();
        if (!value.matches("[A-Za-z0-9_-]*")) {
            throw AcmeProblem.malformed("the JWS '" + name + "' is not base64url without padding");
        }
        return value;
    }

    /** Checks that a JWK can be an account key: public RSA of at least 2048 bits, or EC on P-256/384/521. */
    static void checkAccountKey(JWK jwk) {
        if (jwk == null) {
            throw AcmeProblem.malformed("no key");
        }
        if (jwk.isPrivate()) {
            throw AcmeProblem.malformed("the JWK holds a private key; send the public key only");
        }
        if (jwk instanceof RSAKey rsa) {
            if (rsa.size() < 2048 || rsa.size() > 8192) {
                throw new AcmeProblem(ProblemType.BAD_PUBLIC_KEY, "an RSA account key must have 2048 to 8192 bits");
            }
        } else if (jwk instanceof ECKey ec) {
            if (!List.of(Curve.P_256, Curve.P_384, Curve.P_521).contains(ec.getCurve())) {
                throw new AcmeProblem(ProblemType.BAD_PUBLIC_KEY, "an EC account key must be on P-256, P-384 or P-521");
            }
        } else {
            throw new AcmeProblem(ProblemType.BAD_PUBLIC_KEY, "account keys are RSA or EC keys");
        }
    }

    /** Verifiers of stored account keys by their JWK JSON: parsing a key costs more than using it. */
    private static final Map<String, JWSVerifier> VERIFIERS = new ConcurrentHashMap<>();

    private static final int MAX_CACHED_VERIFIERS = 10_000;

    /** Verifies the signature with an account key; false when it does not verify. */
    static boolean verify(Signed signed, JWK key) {
        try {
            JWSVerifier verifier = verifier(key);
            return verifier != null && signed.object().verify(verifier);
        } catch (JOSEException | IllegalStateException e) {
            return false;
        }
    }

    /** As {@link #verify(Signed, JWK)} with a stored account key (its JWK JSON). */
    static boolean verify(Signed signed, String storedJwk) {
        try {
            JWSVerifier verifier = VERIFIERS.get(storedJwk);
            if (verifier == null) {
                verifier = verifier(parseJwk(storedJwk));
                if (verifier == null) {
                    return false;
                }
                if (VERIFIERS.size() >= MAX_CACHED_VERIFIERS) {
                    VERIFIERS.clear();
                }
                VERIFIERS.put(storedJwk, verifier);
            }
            return signed.object().verify(verifier);
        } catch (JOSEException | IllegalStateException e) {
            return false;
        }
    }

    private static JWSVerifier verifier(JWK key) throws JOSEException {
        if (key instanceof ECKey ec) {
            // BouncyCastle verifies P-256 several times faster than the JDK's SunEC, and with its own key
            // object it keeps the point's precomputation from one request to the next.
            ECPublicKey bcKey;
            try {
                bcKey = (ECPublicKey) KeyFactory.getInstance("EC", Providers.bc())
                        .generatePublic(
                                new X509EncodedKeySpec(ec.toECPublicKey().getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new JOSEException("cannot read the EC key: " + e.getMessage(), e);
            }
            ECDSAVerifier ecdsa = new ECDSAVerifier(bcKey);
            ecdsa.getJCAContext().setProvider(Providers.bc());
            return ecdsa;
        }
        if (key instanceof RSAKey rsa) {
            return new RSASSAVerifier(rsa);
        }
        return null;
    }

    /** Verifies a MAC (external account binding) with an HMAC key; false when it does not verify. */
    static boolean verifyMac(Signed signed, byte[] hmacKey) {
        try {
            return signed.object().verify(new MACVerifier(hmacKey));
        } catch (JOSEException | IllegalStateException e) {
            return false;
        }
    }

    /** The RFC 7638 SHA-256 thumbprint, base64url. */
    static String thumbprint(JWK jwk) {
        try {
            return jwk.computeThumbprint().toString();
        } catch (JOSEException e) {
            throw AcmeProblem.malformed("cannot compute the key's thumbprint: " + e.getMessage());
        }
    }

    static JWK parseJwk(String json) {
        try {
            return JWK.parse(json);
        } catch (ParseException e) {
            throw AcmeProblem.malformed("not a JWK: " + e.getMessage());
        }
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
