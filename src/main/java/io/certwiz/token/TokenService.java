package io.certwiz.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.certwiz.CertwizException;
import io.certwiz.Problem;
import io.certwiz.audit.AuditLog;
import io.certwiz.certificate.CertificateRecords;
import io.certwiz.certificate.StoredCertificate;
import io.certwiz.crypto.KeyOwner;
import io.certwiz.crypto.KeyRecords;
import io.certwiz.crypto.StoredKey;
import io.certwiz.keystore.KeyService;
import io.certwiz.store.Store;
import io.certwiz.store.Transaction;
import io.certwiz.usage.Assignment;
import io.certwiz.usage.Assignments;
import io.certwiz.usage.ServerIdentityRecords;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * OAuthTokenIssuer's tokens: signs JWTs with the current certificate's key (RS256 or ES256, {@code kid}
 * the certificate's thumbprint, {@code x5t#S256} its SHA-256), verifies them against every published key
 * (the current one, a staged next one, and the previous one until it expires), and publishes those keys
 * as a JWKS. Which certificate is current follows the stored roll-over and the clock alone.
 */
public final class TokenService {
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
    public static final Duration MAX_LIFETIME = Duration.ofHours(24);
    public static final Duration MIN_LIFETIME = Duration.ofMinutes(1);
    /** Clock differences between servers tolerated when checking exp and nbf. */
    static final Duration SKEW = Duration.ofSeconds(60);

    private final Store store;
    private final KeyService keyService;
    private final CertificateRecords certificates;
    private final Assignments assignments;
    private final KeyRecords keys;
    private final ServerIdentityRecords identities;
    private final AuditLog audit;
    private final Clock clock;
    private final String actor;

    public TokenService(
            Store store,
            KeyService keyService,
            CertificateRecords certificates,
            Assignments assignments,
            KeyRecords keys,
            ServerIdentityRecords identities,
            AuditLog audit,
            Clock clock,
            String actor) {
        this.store = store;
        this.keyService = keyService;
        this.certificates = certificates;
        this.assignments = assignments;
        this.keys = keys;
        this.identities = identities;
        this.audit = audit;
        this.clock = clock;
        this.actor = actor;
    }

    /** {@code certwiz token issue --audience A [--lifetime D]}; null lifetime: {@link #DEFAULT_LIFETIME}. */
    public IssuedToken issue(String audience, Duration lifetime) {
        if (audience == null || audience.isBlank()) {
            throw CertwizException.badUsage("give the token's audience with --audience");
        }
        Duration life = lifetime == null ? DEFAULT_LIFETIME : lifetime;
        if (life.compareTo(MIN_LIFETIME) < 0 || life.compareTo(MAX_LIFETIME) > 0) {
            throw CertwizException.badUsage("--lifetime must be between 1m and 24h, not " + format(life));
        }
        return store.write(tx -> {
            Instant exact = clock.instant();
            // JWT times are whole seconds; the key is chosen at the exact instant, as every server chooses it.
            Instant now = exact.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            TokenKey signer = published(tx, exact).stream()
                    .filter(k -> k.role() == TokenKey.Role.current)
                    .findFirst()
                    .orElseThrow(() -> noSigner(tx, exact));
            PrivateKey key = privateKey(tx, signer);
            Instant expires = now.plus(life);
            if (expires.isAfter(signer.notAfter())) {
                expires = signer.notAfter();
            }
            String issuer = issuer(tx);
            String subject = identities.identity(tx).map(i -> i.poolFqdn()).orElse(null);
            String id = UUID.randomUUID().toString();
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .issuer(issuer)
                    .subject(subject)
                    .audience(audience.strip())
                    .issueTime(Date.from(now))
                    .notBeforeTime(Date.from(now))
                    .expirationTime(Date.from(expires))
                    .jwtID(id)
                    .build();
            JWSHeader header = new JWSHeader.Builder(signer.algorithm())
                    .type(JOSEObjectType.JWT)
                    .keyID(signer.kid())
                    .x509CertSHA256Thumbprint(signer.x5tS256())
                    .build();
            SignedJWT jwt = new SignedJWT(header, claims);
            try {
                jwt.sign(signer(key, signer.certificate()));
            } catch (JOSEException | IllegalArgumentException e) {
                throw CertwizException.error("cannot sign the token: " + e.getMessage(), e);
            }
            audit.append(
                    tx,
                    now,
                    actor,
                    "token.issue",
                    List.of(signer.kid()),
                    "audience=" + audience.strip() + " jti=" + id + " expires=" + expires);
            return new IssuedToken(
                    jwt.serialize(),
                    "JWT",
                    signer.algorithm().getName(),
                    signer.kid(),
                    signer.x5tS256().toString(),
                    issuer,
                    subject,
                    List.of(audience.strip()),
                    now.toString(),
                    expires.toString(),
                    Duration.between(now, expires).toSeconds(),
                    id);
        });
    }

    /** {@code certwiz token verify}: checks a token; {@code audience}, when given, must be among its audiences. */
    public TokenVerdict verify(String token, String audience) {
        if (token == null || token.isBlank()) {
            throw CertwizException.badUsage("give the token to verify");
        }
        return store.read(tx -> verify(tx, token.strip(), audience, clock.instant()));
    }

    private TokenVerdict verify(Transaction tx, String token, String audience, Instant now) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return invalid(null, null, null, new Problem("MALFORMED", "not a signed JWT: " + e.getMessage()));
        }
        String kid = jwt.getHeader().getKeyID();
        JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
        Optional<TokenKey> key = published(tx, now).stream()
                .filter(k -> k.kid().equalsIgnoreCase(String.valueOf(kid)))
                .findFirst();
        if (key.isEmpty()) {
            return invalid(
                    claims,
                    kid,
                    null,
                    new Problem(
                            "UNKNOWN_KEY",
                            "no published OAuthTokenIssuer key has kid " + kid
                                    + " (signed by another issuer, or by a certificate that expired or was removed)"));
        }
        TokenKey signer = key.get();
        List<Problem> problems = new ArrayList<>();
        if (!signer.algorithm().equals(algorithm)) {
            problems.add(new Problem(
                    "WRONG_ALGORITHM",
                    "the token says " + algorithm + ", but key " + kid + " signs with " + signer.algorithm()));
        } else if (!signatureValid(jwt, signer)) {
            problems.add(new Problem("BAD_SIGNATURE", "the signature does not verify with key " + kid));
        }
        String issuer = issuer(tx);
        if (!issuer.equals(claims.getIssuer())) {
            problems.add(
                    new Problem("WRONG_ISSUER", "the token's issuer is " + claims.getIssuer() + ", not " + issuer));
        }
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            problems.add(new Problem("NO_EXPIRY", "the token has no expiry (exp)"));
        } else if (!exp.toInstant().plus(SKEW).isAfter(now)) {
            problems.add(new Problem("EXPIRED", "the token expired at " + exp.toInstant()));
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().isAfter(now.plus(SKEW))) {
            problems.add(new Problem("NOT_YET_VALID", "the token is valid only from " + nbf.toInstant()));
        }
        if (audience != null && !audience.isBlank() && !claims.getAudience().contains(audience.strip())) {
            problems.add(new Problem(
                    "WRONG_AUDIENCE",
                    "the token is for " + String.join(",", claims.getAudience()) + ", not " + audience.strip()));
        }
        return verdict(problems.isEmpty(), claims, kid, signer.role().name(), algorithm, problems);
    }

    /** The JWKS on the public listener: every key that verifies tokens now, public parts only. */
    public String jwks() {
        return store.read(tx -> {
            List<JWK> jwks = new ArrayList<>();
            for (TokenKey key : published(tx, clock.instant())) {
                jwks.add(jwk(key));
            }
            return new JWKSet(jwks).toString(true);
        });
    }

    /** The published keys at {@code now}: current, staged next and unexpired previous, when held. */
    public List<TokenKey> published(Transaction tx, Instant now) {
        Assignment assignment =
                assignments.find(tx, Usage.OAuthTokenIssuer).map(a -> a.at(now)).orElse(null);
        List<TokenKey> out = new ArrayList<>();
        if (assignment == null) {
            return out;
        }
        add(tx, out, TokenKey.Role.current, assignment.thumbprint(), assignment.assignedAt(), now);
        add(tx, out, TokenKey.Role.next, assignment.next(), assignment.nextEffectiveAt(), now);
        add(tx, out, TokenKey.Role.previous, assignment.previous(), null, now);
        return out;
    }

    private void add(
            Transaction tx, List<TokenKey> out, TokenKey.Role role, Thumbprint thumbprint, Instant from, Instant now) {
        if (thumbprint == null || out.stream().anyMatch(k -> k.kid().equals(thumbprint.hex()))) {
            return;
        }
        certificates
                .find(tx, thumbprint)
                .filter(c -> c.certificate().getNotAfter().toInstant().isAfter(now))
                .ifPresent(c -> out.add(new TokenKey(role, c.certificate(), from)));
    }

    private CertwizException noSigner(Transaction tx, Instant now) {
        Optional<Assignment> assignment =
                assignments.find(tx, Usage.OAuthTokenIssuer).map(a -> a.at(now));
        if (assignment.isEmpty()) {
            return CertwizException.refused("no certificate is assigned to OAuthTokenIssuer; request one with"
                    + " certwiz request --usage OAuthTokenIssuer");
        }
        return CertwizException.refused("the OAuthTokenIssuer certificate "
                + assignment.get().thumbprint() + " has expired or is missing; assign a new one");
    }

    private PrivateKey privateKey(Transaction tx, TokenKey signer) {
        StoredCertificate stored = certificates
                .find(tx, new Thumbprint(signer.kid()))
                .orElseThrow(() -> CertwizException.error("the OAuthTokenIssuer certificate is missing"));
        if (stored.keyId() == null) {
            throw CertwizException.refused("the OAuthTokenIssuer certificate " + signer.kid() + " has no private key");
        }
        StoredKey key = keys.find(tx, stored.keyId())
                .orElseThrow(() -> CertwizException.error("the private key of " + signer.kid() + " is missing"));
        return keyService.open(key, KeyOwner.CERTIFICATE);
    }

    private String issuer(Transaction tx) {
        return identities
                .identity(tx)
                .map(i -> "https://" + i.webExternalFqdn())
                .orElseThrow(() -> CertwizException.notFound("this store has no server identity; run certwiz init"));
    }

    /**
     * The signer for {@code key}, chosen by the certificate's public key: a key on a token is no {@link
     * ECPrivateKey} (its value never leaves the token), so its curve comes from the certificate and the JCA
     * picks the token's provider for it.
     */
    private static JWSSigner signer(PrivateKey key, X509Certificate certificate) throws JOSEException {
        if (key instanceof ECPrivateKey ec) {
            return new ECDSASigner(ec);
        }
        if (certificate.getPublicKey() instanceof ECPublicKey ec) {
            return new ECDSASigner(key, Curve.forECParameterSpec(ec.getParams()));
        }
        return new RSASSASigner(key);
    }

    private static boolean signatureValid(SignedJWT jwt, TokenKey key) {
        try {
            JWSVerifier verifier = key.certificate().getPublicKey() instanceof ECPublicKey ec
                    ? new ECDSAVerifier(ec)
                    : new RSASSAVerifier((RSAPublicKey) key.certificate().getPublicKey());
            return jwt.verify(verifier);
        } catch (JOSEException e) {
            return false;
        }
    }

    private static JWK jwk(TokenKey key) {
        try {
            List<Base64> chain = List.of(Base64.encode(key.certificate().getEncoded()));
            if (key.certificate().getPublicKey() instanceof ECPublicKey ec) {
                return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec)
                        .keyID(key.kid())
                        .keyUse(KeyUse.SIGNATURE)
                        .algorithm(key.algorithm())
                        .x509CertChain(chain)
                        .x509CertSHA256Thumbprint(key.x5tS256())
                        .build();
            }
            return new RSAKey.Builder((RSAPublicKey) key.certificate().getPublicKey())
                    .keyID(key.kid())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(key.algorithm())
                    .x509CertChain(chain)
                    .x509CertSHA256Thumbprint(key.x5tS256())
                    .build();
        } catch (CertificateEncodingException e) {
            throw CertwizException.error("cannot encode the OAuthTokenIssuer certificate: " + e.getMessage(), e);
        }
    }

    private static TokenVerdict invalid(JWTClaimsSet claims, String kid, String role, Problem problem) {
        return verdict(false, claims, kid, role, null, List.of(problem));
    }

    private static TokenVerdict verdict(
            boolean valid,
            JWTClaimsSet claims,
            String kid,
            String role,
            JWSAlgorithm algorithm,
            List<Problem> problems) {
        return new TokenVerdict(
                valid,
                kid,
                role,
                algorithm == null ? null : algorithm.getName(),
                claims == null ? null : claims.getIssuer(),
                claims == null ? null : claims.getSubject(),
                claims == null ? null : claims.getAudience(),
                claims == null ? null : time(claims.getIssueTime()),
                claims == null ? null : time(claims.getNotBeforeTime()),
                claims == null ? null : time(claims.getExpirationTime()),
                claims == null ? null : claims.getJWTID(),
                List.copyOf(problems));
    }

    private static String time(Date date) {
        return date == null ? null : date.toInstant().toString();
    }

    /** Parses {@code --lifetime}: 90s, 30m, 8h, 1d, or ISO-8601 (PT1H). */
    public static Duration parseLifetime(String text) {
        return io.certwiz.alert.AlertThresholds.parseDuration(text, "--lifetime");
    }

    private static String format(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
