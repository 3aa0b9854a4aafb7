package io.certwiz.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certwiz.acme.server.AcmeAccount;
import io.certwiz.acme.server.AcmeAuthorization;
import io.certwiz.acme.server.AcmeCertificate;
import io.certwiz.acme.server.AcmeOrder;
import io.certwiz.acme.server.EabKey;
import io.certwiz.acme.server.PolicyEntry;
import io.certwiz.store.Dialect;
import io.certwiz.store.SqlStore;
import io.certwiz.store.TestDatabases;
import io.certwiz.store.Transaction;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The ACME server's storage contract, on SQLite and on PostgreSQL: every method of AcmeServerRecords. */
@ParameterizedClass
@EnumSource(Dialect.class)
class SqlAcmeServerRecordsTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00.123Z");

    @Parameter
    Dialect dialect;

    private final SqlAcmeServerRecords records = new SqlAcmeServerRecords();
    private SqlStore store;

    @BeforeEach
    void open() {
        store = TestDatabases.fresh(dialect);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void write(Consumer<Transaction> change) {
        store.write(tx -> {
            change.accept(tx);
            return null;
        });
    }

    private static AcmeAccount account(String id, String thumbprint, List<String> contact, String eabKid) {
        return new AcmeAccount(
                id, thumbprint, "{\"kty\":\"EC\",\"x\":\"" + id + "\"}", AcmeAccount.Status.VALID, contact, eabKid, T0);
    }

    private static AcmeOrder order(String id, String accountId, List<String> names, Instant createdAt) {
        return new AcmeOrder(
                id, accountId, AcmeOrder.Status.PENDING, names, createdAt.plusSeconds(3600), null, null, createdAt);
    }

    private static AcmeAuthorization authorization(String id, String orderId, int ordinal, String name) {
        return new AcmeAuthorization(
                id,
                orderId,
                ordinal,
                "acct",
                name,
                AcmeAuthorization.Status.PENDING,
                T0.plusSeconds(3600),
                "token-" + id,
                null,
                null,
                null);
    }

    /** An account "acct" with an order "o1" for two names, authorizations "z1" and "a2" in that order. */
    private void anOrder() {
        write(tx -> {
            records.addAccount(tx, account("acct", "thumb", List.of(), null));
            records.addOrder(
                    tx,
                    order("o1", "acct", List.of("b.acme.test", "a.acme.test"), T0),
                    List.of(authorization("z1", "o1", 0, "b.acme.test"), authorization("a2", "o1", 1, "a.acme.test")));
        });
    }

    // --- issuance policy

    @Test
    void policyLinesAreListedByPattern() {
        assertThat(store.read(records::policy)).isEmpty();
        write(tx -> {
            records.putPolicy(tx, new PolicyEntry("b.acme.test", true, T0));
            records.putPolicy(tx, new PolicyEntry(".acme.test", true, T0));
            records.putPolicy(tx, new PolicyEntry("a.acme.test", false, T0.plusSeconds(1)));
        });
        assertThat(store.read(records::policy))
                .containsExactly(
                        new PolicyEntry(".acme.test", true, T0),
                        new PolicyEntry("a.acme.test", false, T0.plusSeconds(1)),
                        new PolicyEntry("b.acme.test", true, T0));
    }

    @Test
    void puttingAPatternAgainChangesItsActionAndTime() {
        write(tx -> records.putPolicy(tx, new PolicyEntry(".acme.test", true, T0)));
        write(tx -> records.putPolicy(tx, new PolicyEntry(".acme.test", false, T0.plusSeconds(5))));
        assertThat(store.read(records::policy))
                .containsExactly(new PolicyEntry(".acme.test", false, T0.plusSeconds(5)));
    }

    @Test
    void deletingAPolicyLineSaysWhetherThereWasOne() {
        write(tx -> records.putPolicy(tx, new PolicyEntry(".acme.test", true, T0)));
        assertThat(store.write((Transaction tx) -> records.deletePolicy(tx, "other.test")))
                .isFalse();
        assertThat(store.write((Transaction tx) -> records.deletePolicy(tx, ".acme.test")))
                .isTrue();
        assertThat(store.read(records::policy)).isEmpty();
        assertThat(store.write((Transaction tx) -> records.deletePolicy(tx, ".acme.test")))
                .isFalse();
    }

    // --- external account binding keys

    @Test
    void anAddedEabKeyReadsBack() {
        EabKey unbound = new EabKey("kid-1", "sealed-1", T0, null);
        write(tx -> records.addEabKey(tx, unbound));
        assertThat(store.read((Transaction tx) -> records.eabKey(tx, "kid-1"))).contains(unbound);
        assertThat(store.read((Transaction tx) -> records.eabKey(tx, "kid-2"))).isEmpty();
        assertThatThrownBy(() -> write(tx -> records.addEabKey(tx, new EabKey("kid-1", "other", T0, null))))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void resealingAnEabKeyReplacesOnlyItsSealedHmac() {
        write(tx -> {
            records.addEabKey(tx, new EabKey("kid-1", "sealed-1", T0, "acct"));
            records.addEabKey(tx, new EabKey("kid-2", "sealed-2", T0, null));
        });
        write(tx -> records.resealEabKey(tx, "kid-1", "resealed"));
        assertThat(store.read((Transaction tx) -> records.eabKeys(tx)))
                .containsExactly(
                        new EabKey("kid-1", "resealed", T0, "acct"), new EabKey("kid-2", "sealed-2", T0, null));
    }

    @Test
    void eabKeysAreListedByKeyIdInCodePointOrder() {
        write(tx -> {
            records.addEabKey(tx, new EabKey("c", "s", T0, null));
            records.addEabKey(tx, new EabKey("a-key", "s", T0, "acct"));
            records.addEabKey(tx, new EabKey("B-key", "s", T0, null));
        });
        assertThat(store.read(records::eabKeys)).extracting(EabKey::kid).containsExactly("B-key", "a-key", "c");
        assertThat(store.read(records::eabKeys)).extracting(EabKey::accountId).containsExactly(null, "acct", null);
    }

    @Test
    void anEabKeyBindsOneAccountOnce() {
        write(tx -> records.addEabKey(tx, new EabKey("kid-1", "sealed", T0, null)));
        assertThat(store.write((Transaction tx) -> records.bindEabKey(tx, "kid-1", "first")))
                .isTrue();
        assertThat(store.write((Transaction tx) -> records.bindEabKey(tx, "kid-1", "second")))
                .isFalse();
        assertThat(store.write((Transaction tx) -> records.bindEabKey(tx, "unknown", "first")))
                .isFalse();
        assertThat(store.read((Transaction tx) -> records.eabKey(tx, "kid-1"))
                        .orElseThrow()
                        .accountId())
                .isEqualTo("first");
    }

    @Test
    void deletingAnEabKeySaysWhetherThereWasOne() {
        write(tx -> records.addEabKey(tx, new EabKey("kid-1", "sealed", T0, null)));
        assertThat(store.write((Transaction tx) -> records.deleteEabKey(tx, "kid-2")))
                .isFalse();
        assertThat(store.write((Transaction tx) -> records.deleteEabKey(tx, "kid-1")))
                .isTrue();
        assertThat(store.read((Transaction tx) -> records.eabKey(tx, "kid-1"))).isEmpty();
    }

    // --- accounts

    @Test
    void anAddedAccountReadsBackById() {
        AcmeAccount bound = account("a1", "thumb-1", List.of("mailto:a@acme.test", "mailto:b@acme.test"), "kid");
        AcmeAccount bare = account("a2", "thumb-2", List.of(), null);
        write(tx -> {
            records.addAccount(tx, bound);
            records.addAccount(tx, bare);
        });
        assertThat(store.read((Transaction tx) -> records.account(tx, "a1"))).contains(bound);
        assertThat(store.read((Transaction tx) -> records.account(tx, "a2"))).contains(bare);
        assertThat(store.read((Transaction tx) -> records.account(tx, "a3"))).isEmpty();
    }

    @Test
    void anAccountIsFoundByItsKeyAndAKeyHoldsOneAccount() {
        AcmeAccount account = account("a1", "thumb-1", List.of(), null);
        write(tx -> records.addAccount(tx, account));
        assertThat(store.read((Transaction tx) -> records.accountByKey(tx, "thumb-1")))
                .contains(account);
        assertThat(store.read((Transaction tx) -> records.accountByKey(tx, "thumb-2")))
                .isEmpty();
        assertThatThrownBy(() -> write(tx -> records.addAccount(tx, account("a2", "thumb-1", List.of(), null))))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void anUpdatedAccountHasItsNewKeyStatusAndContactsButKeepsTheRest() {
        write(tx -> records.addAccount(tx, account("a1", "thumb-1", List.of("mailto:a@acme.test"), "kid")));
        AcmeAccount changed = new AcmeAccount(
                "a1",
                "thumb-2",
                "{\"new\":1}",
                AcmeAccount.Status.DEACTIVATED,
                List.of(),
                "other-kid",
                T0.plusSeconds(9));
        write(tx -> records.updateAccount(tx, changed));
        AcmeAccount read =
                store.read((Transaction tx) -> records.account(tx, "a1")).orElseThrow();
        assertThat(read.keyThumbprint()).isEqualTo("thumb-2");
        assertThat(read.jwk()).isEqualTo("{\"new\":1}");
        assertThat(read.status()).isEqualTo(AcmeAccount.Status.DEACTIVATED);
        assertThat(read.contact()).isEmpty();
        assertThat(read.eabKid()).as("not changed by an update").isEqualTo("kid");
        assertThat(read.createdAt()).isEqualTo(T0);
        assertThat(store.read((Transaction tx) -> records.accountByKey(tx, "thumb-1")))
                .isEmpty();
    }

    // --- orders and authorizations

    @Test
    void anAddedOrderReadsBackWithItsAuthorizationsInItsOrder() {
        anOrder();
        AcmeOrder order =
                store.read((Transaction tx) -> records.order(tx, "o1")).orElseThrow();
        assertThat(order).isEqualTo(order("o1", "acct", List.of("b.acme.test", "a.acme.test"), T0));
        assertThat(store.read((Transaction tx) -> records.order(tx, "o2"))).isEmpty();
        assertThat(store.read((Transaction tx) -> records.authorizations(tx, "o1")))
                .extracting(AcmeAuthorization::id)
                .containsExactly("z1", "a2");
        assertThat(store.read((Transaction tx) -> records.authorizations(tx, "o2")))
                .isEmpty();
    }

    @Test
    void anOrderNeedsItsAccountAndNothingOfItIsKeptWithout() {
        assertThatThrownBy(() -> write(tx -> records.addOrder(
                        tx,
                        order("o1", "nobody", List.of("a.acme.test"), T0),
                        List.of(authorization("x", "o1", 0, "a.acme.test")))))
                .isInstanceOf(RuntimeException.class);
        assertThat(store.read((Transaction tx) -> records.order(tx, "o1"))).isEmpty();
        assertThat(store.read((Transaction tx) -> records.authorization(tx, "x")))
                .isEmpty();
    }

    @Test
    void anAccountsOrderIdsComeNewestFirstAndLimited() {
        write(tx -> {
            records.addAccount(tx, account("acct", "thumb", List.of(), null));
            records.addAccount(tx, account("other", "thumb-2", List.of(), null));
            records.addOrder(tx, order("old", "acct", List.of("a.acme.test"), T0), List.of());
            records.addOrder(tx, order("new", "acct", List.of("a.acme.test"), T0.plusSeconds(2)), List.of());
            records.addOrder(tx, order("mid", "acct", List.of("a.acme.test"), T0.plusSeconds(1)), List.of());
            records.addOrder(tx, order("theirs", "other", List.of("a.acme.test"), T0.plusSeconds(3)), List.of());
        });
        assertThat(store.read((Transaction tx) -> records.orderIds(tx, "acct", 10)))
                .containsExactly("new", "mid", "old");
        assertThat(store.read((Transaction tx) -> records.orderIds(tx, "acct", 2)))
                .containsExactly("new", "mid");
        assertThat(store.read((Transaction tx) -> records.orderIds(tx, "nobody", 10)))
                .isEmpty();
    }

    @Test
    void anOrderMovesOnOnlyFromTheStatusItIsIn() {
        anOrder();
        assertThat(store.write((Transaction tx) ->
                        records.updateOrder(tx, "o1", AcmeOrder.Status.READY, AcmeOrder.Status.VALID, null, "c1")))
                .isFalse();
        assertThat(store.write((Transaction tx) ->
                        records.updateOrder(tx, "o1", AcmeOrder.Status.PENDING, AcmeOrder.Status.READY, null, null)))
                .isTrue();
        assertThat(store.write((Transaction tx) ->
                        records.updateOrder(tx, "o1", AcmeOrder.Status.READY, AcmeOrder.Status.VALID, null, "c1")))
                .isTrue();
        AcmeOrder valid =
                store.read((Transaction tx) -> records.order(tx, "o1")).orElseThrow();
        assertThat(valid.status()).isEqualTo(AcmeOrder.Status.VALID);
        assertThat(valid.certificateId()).isEqualTo("c1");
        assertThat(store.write((Transaction tx) -> records.updateOrder(
                        tx, "o1", AcmeOrder.Status.VALID, AcmeOrder.Status.INVALID, "{\"type\":\"x\"}", null)))
                .isTrue();
        AcmeOrder invalid =
                store.read((Transaction tx) -> records.order(tx, "o1")).orElseThrow();
        assertThat(invalid.error()).isEqualTo("{\"type\":\"x\"}");
        assertThat(invalid.certificateId()).isNull();
    }

    @Test
    void anAuthorizationReadsBackById() {
        anOrder();
        assertThat(store.read((Transaction tx) -> records.authorization(tx, "a2")))
                .contains(authorization("a2", "o1", 1, "a.acme.test"));
        assertThat(store.read((Transaction tx) -> records.authorization(tx, "none")))
                .isEmpty();
    }

    @Test
    void anOrdersAuthorizationsAreItsOwnOnly() {
        anOrder();
        write(tx -> records.addOrder(
                tx,
                order("o2", "acct", List.of("c.acme.test"), T0),
                List.of(authorization("c3", "o2", 0, "c.acme.test"))));
        assertThat(store.read((Transaction tx) -> records.authorizations(tx, "o2")))
                .extracting(AcmeAuthorization::identifier)
                .containsExactly("c.acme.test");
    }

    @Test
    void anAuthorizationMovesOnOnlyFromTheStatusItIsIn() {
        anOrder();
        Instant validated = T0.plusSeconds(30);
        assertThat(store.write((Transaction tx) -> records.updateAuthorization(
                        tx,
                        "z1",
                        AcmeAuthorization.Status.VALID,
                        AcmeAuthorization.Status.DEACTIVATED,
                        null,
                        null,
                        null)))
                .isFalse();
        assertThat(store.write((Transaction tx) -> records.updateAuthorization(
                        tx,
                        "z1",
                        AcmeAuthorization.Status.PENDING,
                        AcmeAuthorization.Status.INVALID,
                        "http-01",
                        validated,
                        "{\"detail\":\"no\"}")))
                .isTrue();
        AcmeAuthorization read =
                store.read((Transaction tx) -> records.authorization(tx, "z1")).orElseThrow();
        assertThat(read.status()).isEqualTo(AcmeAuthorization.Status.INVALID);
        assertThat(read.challengeType()).isEqualTo("http-01");
        assertThat(read.validatedAt()).isEqualTo(validated);
        assertThat(read.error()).isEqualTo("{\"detail\":\"no\"}");
        assertThat(store.read((Transaction tx) -> records.authorization(tx, "a2"))
                        .orElseThrow()
                        .status())
                .isEqualTo(AcmeAuthorization.Status.PENDING);
    }

    @Test
    void validAuthorizationsAreAnAccountsValidUnexpiredOnesForOneName() {
        anOrder();
        write(tx -> records.updateAuthorization(
                tx, "z1", AcmeAuthorization.Status.PENDING, AcmeAuthorization.Status.VALID, "http-01", T0, null));
        assertThat(store.read((Transaction tx) -> records.validAuthorizations(tx, "acct", "b.acme.test", T0)))
                .extracting(AcmeAuthorization::id)
                .containsExactly("z1");
        assertThat(store.read((Transaction tx) -> records.validAuthorizations(tx, "acct", "a.acme.test", T0)))
                .as("still pending")
                .isEmpty();
        assertThat(store.read((Transaction tx) -> records.validAuthorizations(tx, "other", "b.acme.test", T0)))
                .isEmpty();
        assertThat(store.read((Transaction tx) ->
                        records.validAuthorizations(tx, "acct", "b.acme.test", T0.plusSeconds(3600))))
                .as("expired at its expiry")
                .isEmpty();
    }

    // --- certificates

    @Test
    void anAddedCertificateReadsBackByIdAndBySerial() {
        BigInteger serial = new BigInteger("00ff10a2b3c4d5e6f70123456789abcdef", 16);
        AcmeCertificate certificate =
                new AcmeCertificate("c1", serial, "acct", "o1", "-----BEGIN CERTIFICATE-----\n", T0);
        write(tx -> records.addCertificate(tx, certificate));
        assertThat(store.read((Transaction tx) -> records.certificate(tx, "c1")))
                .contains(certificate);
        assertThat(store.read((Transaction tx) -> records.certificate(tx, "c2")))
                .isEmpty();
        assertThat(store.read((Transaction tx) -> records.certificateBySerial(tx, serial)))
                .contains(certificate);
        assertThat(store.read((Transaction tx) -> records.certificateBySerial(tx, serial.add(BigInteger.ONE))))
                .isEmpty();
    }

    @Test
    void aSerialIsIssuedOnce() {
        BigInteger serial = BigInteger.valueOf(0x1234);
        write(tx -> records.addCertificate(tx, new AcmeCertificate("c1", serial, "acct", "o1", "pem", T0)));
        assertThatThrownBy(() -> write(
                        tx -> records.addCertificate(tx, new AcmeCertificate("c2", serial, "acct", "o2", "pem", T0))))
                .isInstanceOf(RuntimeException.class);
        assertThat(store.read((Transaction tx) -> records.certificate(tx, "c2")))
                .isEmpty();
    }

    // --- used nonces

    @Test
    void aNonceIsUsedOnce() {
        assertThat(store.write((Transaction tx) -> records.useNonce(tx, "n1", T0)))
                .isTrue();
        assertThat(store.write((Transaction tx) -> records.useNonce(tx, "n1", T0.plusSeconds(60))))
                .isFalse();
        assertThat(store.write((Transaction tx) -> records.useNonce(tx, "n2", T0)))
                .isTrue();
    }

    @Test
    void usedNoncesThatExpiredBeforeAreForgottenAndCounted() {
        write(tx -> {
            records.useNonce(tx, "old", T0.minusSeconds(1));
            records.useNonce(tx, "edge", T0);
            records.useNonce(tx, "new", T0.plusSeconds(1));
        });
        assertThat(store.write((Transaction tx) -> records.deleteNonces(tx, T0)))
                .isEqualTo(1);
        assertThat(store.write((Transaction tx) -> records.useNonce(tx, "old", T0)))
                .as("forgotten")
                .isTrue();
        assertThat(store.write((Transaction tx) -> records.useNonce(tx, "edge", T0)))
                .as("kept")
                .isFalse();
        assertThat(store.write((Transaction tx) -> records.deleteNonces(tx, T0.plusSeconds(2))))
                .isEqualTo(3);
    }
}
