package io.certwiz.acme.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certwiz.Certwiz;
import io.certwiz.CertwizException;
import io.certwiz.crypto.KeyVault;
import io.certwiz.store.Database;
import io.certwiz.store.SqlStore;
import io.certwiz.store.Transaction;
import io.certwiz.store.jdbc.SqlSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Store-backed nonces on SQLite: two instances over one store stand for two servers of a pool. */
class StoreNoncesTest {
    @TempDir
    Path dir;

    Path file;
    SqlStore store;
    final byte[] masterKey = KeyVault.newMasterKey();
    final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));

    static final class TestClock extends Clock {
        Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @BeforeEach
    void open() {
        file = dir.resolve("store.db");
        store = Database.openSqlite(file);
    }

    @AfterEach
    void close() {
        store.close();
    }

    StoreNonces server() {
        return new StoreNonces(Certwiz.acmeServerStorage(store), masterKey::clone, clock);
    }

    Optional<String> keySetting() {
        return store.read((Transaction tx) -> new SqlSettings().get(tx, StoreNonces.KEY_SETTING));
    }

    long usedRows() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM acme_server_nonces")) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void aNonceFromOneServerIsAcceptedOnceByAnother() throws Exception {
        StoreNonces a = server();
        StoreNonces b = server();
        String nonce = a.next();
        assertThat(b.consume(nonce)).isTrue();
        assertThat(a.consume(nonce))
                .as("replayed at the server that gave it out")
                .isFalse();
        assertThat(b.consume(nonce)).as("replayed at the same server").isFalse();
        assertThat(usedRows()).isEqualTo(1);
    }

    @Test
    void givingOutNoncesWritesNothingAndTheyDiffer() throws Exception {
        StoreNonces a = server();
        Set<String> given = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            given.add(a.next());
        }
        assertThat(given).hasSize(50);
        assertThat(usedRows()).isZero();
        assertThat(keySetting()).as("the pool's key, sealed").isPresent();
    }

    @Test
    void theKeyIsMadeOnceAndKeptSealed() {
        StoreNonces a = server();
        a.next();
        String sealed = keySetting().orElseThrow();
        assertThat(server().consume(a.next())).isTrue();
        assertThat(keySetting()).contains(sealed);
        assertThat(Base64.getDecoder().decode(sealed)).hasSize(12 + 32 + 16);

        StoreNonces otherMaster = new StoreNonces(Certwiz.acmeServerStorage(store), KeyVault::newMasterKey, clock);
        assertThatThrownBy(otherMaster::next)
                .isInstanceOf(CertwizException.class)
                .hasMessageContaining("master key does not match");
    }

    @Test
    void aTamperedNonceIsRefused() {
        StoreNonces a = server();
        String nonce = a.next();
        for (int i : new int[] {0, 5, 30, nonce.length() - 1}) {
            char[] chars = nonce.toCharArray();
            chars[i] = chars[i] == 'A' ? 'B' : 'A';
            assertThat(a.consume(new String(chars))).as("changed at %d", i).isFalse();
        }
        assertThat(a.consume(nonce.substring(0, nonce.length() - 4))).isFalse();
        assertThat(a.consume(nonce + "AAAA")).isFalse();
        assertThat(a.consume("not*base64")).isFalse();
        assertThat(a.consume("")).isFalse();
        assertThat(a.consume(null)).isFalse();
        assertThat(a.consume(nonce)).as("the untouched nonce still works").isTrue();
    }

    @Test
    void aNonceFromAnotherStoresKeyIsRefused() {
        try (SqlStore other = Database.openSqlite(dir.resolve("other.db"))) {
            String foreign = new StoreNonces(Certwiz.acmeServerStorage(other), masterKey::clone, clock).next();
            assertThat(server().consume(foreign)).isFalse();
        }
    }

    @Test
    void anExpiredNonceIsRefused() {
        StoreNonces a = server();
        String old = a.next();
        String fresh = a.next();
        clock.now = clock.now.plus(Nonces.LIFETIME).minusMillis(1);
        assertThat(a.consume(fresh)).as("just within its lifetime").isTrue();
        clock.now = clock.now.plusMillis(1);
        assertThat(a.consume(old)).as("at the end of its lifetime").isFalse();
    }

    @Test
    void aNonceFromTheFarFutureIsRefused() {
        StoreNonces ahead = server();
        clock.now = clock.now.plus(StoreNonces.CLOCK_SKEW).plusSeconds(1);
        String nonce = ahead.next();
        clock.now = clock.now.minus(StoreNonces.CLOCK_SKEW).minusSeconds(1);
        assertThat(server().consume(nonce)).isFalse();
    }

    @Test
    void usedIdsAreSweptOnceTheirNoncesExpired() throws Exception {
        StoreNonces a = server();
        assertThat(a.consume(a.next())).isTrue();
        assertThat(a.consume(a.next())).isTrue();
        assertThat(usedRows()).isEqualTo(2);

        clock.now = clock.now.plus(Nonces.LIFETIME).plus(StoreNonces.CLOCK_SKEW).plus(Duration.ofSeconds(1));
        String later = a.next();
        assertThat(a.consume(later)).isTrue();
        assertThat(usedRows()).as("only the id of the nonce still alive").isEqualTo(1);
        assertThat(a.consume(later)).isFalse();
    }
}
