package io.certwiz.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certwiz.acme.client.AcmeAccountRecord;
import io.certwiz.acme.client.AcmeIssuedRecord;
import io.certwiz.acme.client.ChallengeType;
import io.certwiz.acme.client.PublishedChallenge;
import io.certwiz.crypto.KeyOwner;
import io.certwiz.store.Dialect;
import io.certwiz.store.SqlStore;
import io.certwiz.store.TestDatabases;
import io.certwiz.store.Transaction;
import io.certwiz.x509.Thumbprint;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The ACME client's storage contract, on SQLite and on PostgreSQL: every method of AcmeClientRecords. */
@ParameterizedClass
@EnumSource(Dialect.class)
class SqlAcmeClientRecordsTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00.123Z");
    private static final Thumbprint THUMBPRINT = new Thumbprint("0123456789ABCDEF0123456789ABCDEF01234567");

    @Parameter
    Dialect dialect;

    private final SqlAcmeClientRecords records = new SqlAcmeClientRecords();
    private SqlStore store;
    private long keyId;

    @BeforeEach
    void open() {
        store = TestDatabases.fresh(dialect);
        keyId = store.write(tx ->
                new SqlKeyRecords().add(tx, KeyOwner.ACME_ACCOUNT, "EC", new byte[] {1, 2}, new byte[] {3}, false, T0));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void write(java.util.function.Consumer<Transaction> change) {
        store.write(tx -> {
            change.accept(tx);
            return null;
        });
    }

    private AcmeAccountRecord account(String name, List<String> contacts, String bundle, String eabKid) {
        return new AcmeAccountRecord(
                name,
                "https://" + name + ".example/dir",
                "https://" + name + ".example/acct/1",
                keyId,
                contacts,
                bundle,
                eabKid,
                eabKid == null ? null : "shortlived",
                eabKid == null ? null : "https://" + name + ".example/tos",
                T0);
    }

    private static AcmeIssuedRecord issued(List<String> alternates, Instant windowStart, String explanation) {
        return new AcmeIssuedRecord(
                THUMBPRINT,
                "pebble",
                "aYhb.AIdl",
                "https://acme.example/cert/1",
                "https://acme.example/order/1",
                "Root X1",
                alternates,
                windowStart,
                windowStart == null ? null : windowStart.plusSeconds(3600),
                explanation,
                windowStart == null ? null : T0.plusSeconds(10),
                T0);
    }

    @Test
    void anAddedAccountReadsBackWithEveryField() {
        AcmeAccountRecord full =
                account("pebble", List.of("mailto:a@example.com", "mailto:b@example.com"), "-----BEGIN CERT", "kid-1");
        AcmeAccountRecord bare = account("bare", List.of(), null, null);
        write(tx -> {
            records.addAccount(tx, full);
            records.addAccount(tx, bare);
        });
        assertThat(store.read((Transaction tx) -> records.account(tx, "pebble")))
                .contains(full);
        assertThat(store.read((Transaction tx) -> records.account(tx, "bare"))).contains(bare);
        assertThat(store.read((Transaction tx) -> records.account(tx, "nobody")))
                .isEmpty();
    }

    @Test
    void anAccountNameIsTakenOnce() {
        write(tx -> records.addAccount(tx, account("pebble", List.of(), null, null)));
        assertThatThrownBy(() -> write(tx -> records.addAccount(tx, account("pebble", List.of(), null, "kid"))))
                .isInstanceOf(RuntimeException.class);
        assertThat(store.read((Transaction tx) -> records.account(tx, "pebble"))
                        .orElseThrow()
                        .eabKid())
                .isNull();
    }

    @Test
    void accountsAreListedByName() {
        assertThat(store.read(records::accounts)).isEmpty();
        write(tx -> {
            records.addAccount(tx, account("zeta", List.of(), null, null));
            records.addAccount(tx, account("alpha", List.of(), null, null));
            records.addAccount(tx, account("mid", List.of(), null, null));
        });
        assertThat(store.read(records::accounts))
                .extracting(AcmeAccountRecord::name)
                .containsExactly("alpha", "mid", "zeta");
    }

    @Test
    void aDeletedAccountIsGoneAndTheOthersStay() {
        write(tx -> {
            records.addAccount(tx, account("one", List.of(), null, null));
            records.addAccount(tx, account("two", List.of(), null, null));
        });
        write(tx -> records.deleteAccount(tx, "one"));
        write(tx -> records.deleteAccount(tx, "never-there"));
        assertThat(store.read((Transaction tx) -> records.account(tx, "one"))).isEmpty();
        assertThat(store.read(records::accounts))
                .extracting(AcmeAccountRecord::name)
                .containsExactly("two");
    }

    @Test
    void anIssuedRecordIsPutThenReplaced() {
        AcmeIssuedRecord first = issued(List.of("Root X2", "Root X3"), null, null);
        write(tx -> records.putIssued(tx, first));
        assertThat(store.read((Transaction tx) -> records.issued(tx, THUMBPRINT)))
                .contains(first);

        AcmeIssuedRecord windowed = issued(List.of(), T0.plusSeconds(3600), "https://acme.example/why");
        write(tx -> records.putIssued(tx, windowed));
        AcmeIssuedRecord read =
                store.read((Transaction tx) -> records.issued(tx, THUMBPRINT)).orElseThrow();
        assertThat(read).isEqualTo(windowed);
        assertThat(read.hasWindow()).isTrue();
    }

    @Test
    void anIssuedRecordIsFoundByItsThumbprintOnly() {
        write(tx -> records.putIssued(tx, issued(List.of(), null, null)));
        assertThat(store.read((Transaction tx) ->
                        records.issued(tx, new Thumbprint("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"))))
                .isEmpty();
        assertThat(store.read((Transaction tx) -> records.issued(tx, THUMBPRINT)))
                .isPresent();
    }

    @Test
    void anHttp01AnswerIsGivenUntilItExpires() {
        write(tx -> records.putChallenge(tx, "tok", ChallengeType.HTTP_01, "tok.thumb", "dns:a", T0.plusSeconds(60)));
        assertThat(store.read((Transaction tx) -> records.http01Answer(tx, "tok", T0)))
                .contains("tok.thumb");
        assertThat(store.read((Transaction tx) -> records.http01Answer(tx, "tok", T0.plusSeconds(60))))
                .as("still given at its expiry")
                .contains("tok.thumb");
        assertThat(store.read((Transaction tx) -> records.http01Answer(tx, "tok", T0.plusSeconds(61))))
                .isEmpty();
        assertThat(store.read((Transaction tx) -> records.http01Answer(tx, "other", T0)))
                .isEmpty();
    }

    @Test
    void aTokenPublishedAgainReplacesItsAnswer() {
        write(tx -> records.putChallenge(tx, "tok", ChallengeType.HTTP_01, "first", "dns:a", T0.plusSeconds(60)));
        write(tx -> records.putChallenge(tx, "tok", ChallengeType.HTTP_01, "second", "dns:a", T0.plusSeconds(60)));
        assertThat(store.read((Transaction tx) -> records.http01Answer(tx, "tok", T0)))
                .contains("second");
    }

    @Test
    void aTlsAlpnAnswerIsNotAnHttp01AnswerNorTheOtherWayRound() {
        write(tx -> {
            records.putChallenge(tx, "http", ChallengeType.HTTP_01, "http.thumb", "dns:a", T0.plusSeconds(60));
            records.putChallenge(tx, "alpn", ChallengeType.TLS_ALPN_01, "alpn.thumb", "dns:b", T0.plusSeconds(60));
        });
        assertThat(store.read((Transaction tx) -> records.http01Answer(tx, "alpn", T0)))
                .isEmpty();
        assertThat(store.read((Transaction tx) -> records.tlsAlpnAnswer(tx, "http", T0)))
                .isEmpty();
        assertThat(store.read((Transaction tx) -> records.tlsAlpnAnswer(tx, "alpn", T0)))
                .contains(new PublishedChallenge("dns:b", "alpn.thumb"));
        assertThat(store.read((Transaction tx) -> records.tlsAlpnAnswer(tx, "alpn", T0.plusSeconds(61))))
                .isEmpty();
    }

    @Test
    void tlsAlpnIsPendingWhileAnUnexpiredTlsAlpnAnswerIsPublished() {
        assertThat(store.read((Transaction tx) -> records.tlsAlpnPending(tx, T0)))
                .isFalse();
        write(tx -> records.putChallenge(tx, "http", ChallengeType.HTTP_01, "h", "dns:a", T0.plusSeconds(60)));
        assertThat(store.read((Transaction tx) -> records.tlsAlpnPending(tx, T0)))
                .as("an http-01 answer does not count")
                .isFalse();
        write(tx -> records.putChallenge(tx, "alpn", ChallengeType.TLS_ALPN_01, "t", "dns:b", T0.plusSeconds(60)));
        assertThat(store.read((Transaction tx) -> records.tlsAlpnPending(tx, T0)))
                .isTrue();
        assertThat(store.read((Transaction tx) -> records.tlsAlpnPending(tx, T0.plusSeconds(61))))
                .isFalse();
    }

    @Test
    void deletingAnAnswerSweepsTheExpiredOnesAndKeepsTheLiveOnes() {
        write(tx -> {
            records.putChallenge(tx, "tok", ChallengeType.HTTP_01, "tok.thumb", "dns:a", T0.plusSeconds(60));
            records.putChallenge(tx, "gone", ChallengeType.HTTP_01, "gone.thumb", "dns:b", T0.minusSeconds(1));
            records.putChallenge(tx, "live", ChallengeType.TLS_ALPN_01, "live.thumb", "dns:c", T0.plusSeconds(60));
        });
        write(tx -> records.deleteChallenge(tx, "tok", T0));
        assertThat(store.read((Transaction tx) -> records.http01Answer(tx, "tok", T0)))
                .isEmpty();
        assertThat(store.read((Transaction tx) -> records.http01Answer(tx, "gone", T0.minusSeconds(10))))
                .as("expired answers are swept on delete")
                .isEmpty();
        assertThat(store.read((Transaction tx) -> records.tlsAlpnAnswer(tx, "live", T0)))
                .isPresent();
    }
}
