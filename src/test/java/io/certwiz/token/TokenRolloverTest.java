package io.certwiz.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.certwiz.Certwiz;
import io.certwiz.CertwizException;
import io.certwiz.Failure;
import io.certwiz.InitService;
import io.certwiz.crypto.KeyVault;
import io.certwiz.request.RequestSpec;
import io.certwiz.server.support.MovableClock;
import io.certwiz.store.DataDirectory;
import io.certwiz.store.Database;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.Usage;
import io.certwiz.usage.UsageStatus;
import io.certwiz.x509.KeyType;
import io.certwiz.x509.Thumbprint;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OAuthTokenIssuer's tokens through a staged roll-over, driven by the injected clock: before the effective
 * date the current key signs and the JWKS already holds both; from it the new key signs, and tokens of the
 * old one verify until it expires or is unassigned. A second server on the same store, which never wrote
 * anything, rolls at the same instant.
 */
class TokenRolloverTest {
    static final Instant START = Instant.now();

    DataDirectory data;
    MovableClock clock;
    Certwiz certwiz;

    @BeforeEach
    void init(@TempDir java.nio.file.Path dir) {
        data = new DataDirectory(dir.resolve("data"));
        clock = new MovableClock(START);
        InitService.init(
                data,
                new InitService.Options(
                        ServerIdentity.of("fe01.example.com", "pool.example.com", null, "ext.example.com", List.of()),
                        true,
                        false),
                clock);
        certwiz = open(clock);
    }

    @AfterEach
    void close() {
        certwiz.close();
    }

    Certwiz open(java.time.Clock clock) {
        return new Certwiz(data, Database.openSqlite(data.database()), new KeyVault(data.readMasterKey()), clock);
    }

    String request(KeyType key, boolean assign) {
        return certwiz.requests()
                .online(RequestSpec.builder(List.of(Usage.OAuthTokenIssuer))
                        .keyType(key)
                        .assign(assign)
                        .build())
                .certificate()
                .thumbprint();
    }

    X509Certificate certificate(String thumbprint) {
        return certwiz.store()
                .read((io.certwiz.store.Transaction tx) -> new io.certwiz.store.jdbc.SqlCertificateRecords()
                        .find(tx, new Thumbprint(thumbprint))
                        .orElseThrow()
                        .certificate());
    }

    static SignedJWT parse(String token) throws Exception {
        return SignedJWT.parse(token);
    }

    UsageStatus oauth(Certwiz certwiz) {
        return certwiz.assignments().usages().stream()
                .filter(u -> u.usage().equals("OAuthTokenIssuer"))
                .findFirst()
                .orElseThrow();
    }

    List<String> jwksKids(Certwiz certwiz) throws Exception {
        return JWKSet.parse(certwiz.tokens().jwks()).getKeys().stream()
                .map(JWK::getKeyID)
                .toList();
    }

    /** Verifies with nothing but the JWKS text, as a relying party would. */
    static boolean verifiesWithJwks(String jwks, String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        JWK key = JWKSet.parse(jwks).getKeyByKeyId(jwt.getHeader().getKeyID());
        if (key == null) {
            return false;
        }
        var verifier = new DefaultJWSVerifierFactory()
                .createJWSVerifier(
                        jwt.getHeader(),
                        key.getKeyType().getValue().equals("RSA")
                                ? key.toRSAKey().toPublicKey()
                                : key.toECKey().toPublicKey());
        return jwt.verify(verifier);
    }

    @Test
    void tokensCarryTheCertificatesKidAndX5tS256AndVerify() throws Exception {
        String a = request(KeyType.EC_P256, true);
        IssuedToken issued = certwiz.tokens().issue("https://partner.example.com", Duration.ofMinutes(30));

        SignedJWT jwt = parse(issued.token());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(a);
        X509Certificate cert = certificate(a);
        byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
        assertThat(jwt.getHeader().getX509CertSHA256Thumbprint().decode()).isEqualTo(sha256);
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("https://partner.example.com");
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("https://ext.example.com");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant())
                .isEqualTo(
                        START.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plus(Duration.ofMinutes(30)));

        TokenVerdict verdict = certwiz.tokens().verify(issued.token(), "https://partner.example.com");
        assertThat(verdict.valid()).as("%s", verdict.problems()).isTrue();
        assertThat(verdict.keyRole()).isEqualTo("current");
        assertThat(verifiesWithJwks(certwiz.tokens().jwks(), issued.token())).isTrue();
        // The JWKS key carries the certificate and its SHA-256.
        JWK published = JWKSet.parse(certwiz.tokens().jwks()).getKeyByKeyId(a);
        assertThat(published.getX509CertChain().getFirst().decode()).isEqualTo(cert.getEncoded());
        assertThat(published.getX509CertSHA256Thumbprint().decode()).isEqualTo(sha256);
        assertThat(published.isPrivate()).isFalse();

        assertThat(certwiz.tokens()
                        .verify(issued.token(), "https://other.example.com")
                        .problems())
                .extracting(p -> p.code())
                .containsExactly("WRONG_AUDIENCE");
        clock.advance(Duration.ofMinutes(32));
        assertThat(certwiz.tokens().verify(issued.token(), null).problems())
                .extracting(p -> p.code())
                .containsExactly("EXPIRED");
    }

    @Test
    void anRsaKeySignsRs256AndATamperedTokenFails() throws Exception {
        request(KeyType.RSA_2048, true);
        String token = certwiz.tokens().issue("aud", null).token();
        assertThat(parse(token).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        String[] parts = token.split("\\.");
        String forged = parts[0] + "."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(
                                "{\"iss\":\"https://ext.example.com\",\"aud\":\"aud\",\"exp\":4102444800}".getBytes())
                + "." + parts[2];
        assertThat(certwiz.tokens().verify(forged, null).problems())
                .extracting(p -> p.code())
                .contains("BAD_SIGNATURE");
        assertThat(certwiz.tokens().verify("not-a-token", null).problems())
                .extracting(p -> p.code())
                .containsExactly("MALFORMED");
    }

    @Test
    void withoutACertificateNothingIsSigned() {
        CertwizException e = catchThrowableOfType(
                CertwizException.class, () -> certwiz.tokens().issue("aud", null));
        assertThat(e.failure()).isEqualTo(Failure.REFUSED);
        assertThat(e.getMessage()).contains("no certificate is assigned to OAuthTokenIssuer");
        assertThat(certwiz.tokens().jwks()).isEqualTo("{\"keys\":[]}");
    }

    @Test
    void theRollHappensAtTheEffectiveDateOnEveryServerOfTheStore() throws Exception {
        String a = request(KeyType.EC_P256, true);
        String b = request(KeyType.RSA_2048, false);
        Instant effective = START.plus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        certwiz.assignments().stage(new Thumbprint(b), effective);

        // Staged: the current key signs, both are published, usages shows next with its date.
        UsageStatus staged = oauth(certwiz);
        assertThat(staged.thumbprint()).isEqualTo(a);
        assertThat(staged.nextThumbprint()).isEqualTo(b);
        assertThat(Instant.parse(staged.nextEffectiveDate()))
                .isEqualTo(effective.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(jwksKids(certwiz)).containsExactlyInAnyOrder(a, b);
        clock.advance(Duration.ofDays(2).minusMinutes(30));
        String before = certwiz.tokens().issue("aud", Duration.ofHours(1)).token();
        assertThat(parse(before).getHeader().getKeyID()).isEqualTo(a);

        // Another server on the same store, with its own clock, writing nothing.
        MovableClock otherClock = new MovableClock(effective.minusMillis(1));
        try (Certwiz other = open(otherClock)) {
            assertThat(oauth(other).thumbprint()).isEqualTo(a);
            assertThat(parse(other.tokens().issue("aud", null).token())
                            .getHeader()
                            .getKeyID())
                    .isEqualTo(a);
            otherClock.advance(Duration.ofMillis(1));
            assertThat(oauth(other).thumbprint()).isEqualTo(b);
            assertThat(oauth(other).previousThumbprint()).isEqualTo(a);
            assertThat(parse(other.tokens().issue("aud", null).token())
                            .getHeader()
                            .getKeyID())
                    .isEqualTo(b);
        }

        // From the effective date: the new key signs, the old one is previous and still verifies.
        clock.advance(Duration.ofMinutes(31));
        IssuedToken after = certwiz.tokens().issue("aud", null);
        assertThat(after.kid()).isEqualTo(b);
        assertThat(after.algorithm()).isEqualTo("RS256");
        UsageStatus rolled = oauth(certwiz);
        assertThat(rolled.thumbprint()).isEqualTo(b);
        assertThat(rolled.previousThumbprint()).isEqualTo(a);
        assertThat(rolled.nextThumbprint()).isNull();
        TokenVerdict old = certwiz.tokens().verify(before, "aud");
        assertThat(old.valid()).as("%s", old.problems()).isTrue();
        assertThat(old.keyRole()).isEqualTo("previous");
        assertThat(verifiesWithJwks(certwiz.tokens().jwks(), before)).isTrue();
        assertThat(verifiesWithJwks(certwiz.tokens().jwks(), after.token())).isTrue();

        // The rewrite of the row changes nothing anyone sees, and happens once.
        assertThat(certwiz.assignments().completeDueRolls()).hasSize(1);
        assertThat(certwiz.assignments().completeDueRolls()).isEmpty();
        assertThat(oauth(certwiz).thumbprint()).isEqualTo(b);
        assertThat(certwiz.audit().newest(5)).anyMatch(e -> e.operation().equals("roll"));

        // unassign --previous: the old key is no longer published and its tokens stop verifying.
        certwiz.assignments().unassignPrevious(List.of(Usage.OAuthTokenIssuer));
        assertThat(jwksKids(certwiz)).containsExactly(b);
        assertThat(certwiz.tokens().verify(before, "aud").problems())
                .extracting(p -> p.code())
                .containsExactly("UNKNOWN_KEY");
        CertwizException none = catchThrowableOfType(
                CertwizException.class, () -> certwiz.assignments().unassignPrevious(List.of(Usage.OAuthTokenIssuer)));
        assertThat(none.failure()).isEqualTo(Failure.NOT_FOUND);
    }

    @Test
    void thePreviousKeyStopsVerifyingWhenItsCertificateExpires() throws Exception {
        String a = request(KeyType.EC_P256, true);
        clock.advance(Duration.ofDays(300));
        String b = request(KeyType.EC_P256, false);
        certwiz.assignments().stage(new Thumbprint(b), clock.instant().plus(Duration.ofDays(1)));
        clock.advance(Duration.ofDays(1));
        assertThat(jwksKids(certwiz)).containsExactly(b, a);
        clock.advance(Duration.ofDays(70));
        assertThat(jwksKids(certwiz)).containsExactly(b);
        assertThat(oauth(certwiz).previousThumbprint()).isEqualTo(a);
    }

    @Test
    void anEffectiveDateTooCloseToTheCurrentExpiryIsRefusedWithTheReason() {
        String a = request(KeyType.EC_P256, true);
        clock.advance(Duration.ofDays(10));
        String b = request(KeyType.EC_P256, false);
        Instant expires = certificate(a).getNotAfter().toInstant();
        CertwizException e = catchThrowableOfType(
                CertwizException.class,
                () -> certwiz.assignments().stage(new Thumbprint(b), expires.minus(Duration.ofHours(23))));
        assertThat(e.failure()).isEqualTo(Failure.REFUSED);
        assertThat(e.getMessage()).contains("less than 24 hours before").contains(a);
        assertThat(e.problems()).extracting(p -> p.code()).containsExactly("EFFECTIVE_DATE_TOO_LATE");
        assertThat(oauth(certwiz).nextThumbprint()).isNull();

        // Exactly 24 hours before is allowed.
        certwiz.assignments().stage(new Thumbprint(b), expires.minus(Duration.ofHours(24)));
        assertThat(oauth(certwiz).nextThumbprint()).isEqualTo(b);

        CertwizException past = catchThrowableOfType(
                CertwizException.class,
                () -> certwiz.assignments()
                        .stage(new Thumbprint(b), clock.instant().minusSeconds(1)));
        assertThat(past.problems()).extracting(p -> p.code()).contains("EFFECTIVE_DATE_PAST");
        CertwizException other = catchThrowableOfType(
                CertwizException.class,
                () -> certwiz.assignments()
                        .stage(
                                new Thumbprint(b),
                                List.of(Usage.Default),
                                clock.instant().plus(Duration.ofDays(1))));
        assertThat(other.failure()).isEqualTo(Failure.BAD_USAGE);
    }

    @Test
    void renewalsDefaultEffectiveDateLeavesADayOnEitherSide() {
        String a = request(KeyType.EC_P256, true);
        X509Certificate current = certificate(a);
        assertThat(io.certwiz.assignment.Rollover.defaultEffectiveDate(START, current))
                .contains(START.plus(Duration.ofHours(24)));
        Instant late = current.getNotAfter().toInstant().minus(Duration.ofHours(36));
        assertThat(io.certwiz.assignment.Rollover.defaultEffectiveDate(late, current))
                .contains(current.getNotAfter().toInstant().minus(Duration.ofHours(24)));
        assertThat(io.certwiz.assignment.Rollover.defaultEffectiveDate(
                        current.getNotAfter().toInstant().minus(Duration.ofHours(23)), current))
                .isEmpty();
    }
}
