package io.certwiz.acme.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.store.Database;
import io.certwiz.store.Store;
import io.certwiz.x509.Thumbprint;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ACME client's store operations, in the same portable SQL on SQLite and PostgreSQL. */
class AcmeClientStoreTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path temp;

    @Test
    void onSqlite() throws Exception {
        try (Store store = Database.openSqlite(temp.resolve("store.db"))) {
            exercise(store);
        }
    }

    @Test
    void onPostgresql() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            try (Connection c = postgres.getPostgresDatabase().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE acme_client");
            }
            try (Store store = Database.open(postgres.getJdbcUrl("postgres", "acme_client"), "postgres", "postgres")) {
                exercise(store);
            }
        }
    }

    private static void exercise(Store store) {
        long keyId = store.write(tx -> tx.addKey("EC", new byte[] {1, 2}, new byte[] {1, 3, 4}, false, T0));
        AcmeAccountRecord account = new AcmeAccountRecord(
                "pebble",
                "https://acme.example/dir",
                "https://acme.example/acct/1",
                keyId,
                List.of("mailto:a@example.com", "mailto:b@example.com"),
                "-----BEGIN CERTIFICATE-----\n",
                "kid-1",
                "shortlived",
                "https://acme.example/tos",
                T0);
        store.write(tx -> {
            tx.addAcmeAccount(account);
            tx.addAcmeAccount(new AcmeAccountRecord(
                    "another",
                    "https://b.example/dir",
                    "https://b.example/acct",
                    keyId,
                    List.of(),
                    null,
                    null,
                    null,
                    null,
                    T0));
            return null;
        });
        Optional<AcmeAccountRecord> pebble = store.read(tx -> tx.acmeAccount("pebble"));
        List<AcmeAccountRecord> both = store.read(tx -> tx.acmeAccounts());
        assertThat(pebble).contains(account);
        assertThat(both).extracting(AcmeAccountRecord::name).containsExactly("another", "pebble");
        assertThat(store.read(tx -> tx.acmeAccount("another")).orElseThrow().contacts())
                .isEmpty();
        store.write(tx -> {
            tx.deleteAcmeAccount("another");
            return null;
        });
        List<AcmeAccountRecord> left = store.read(tx -> tx.acmeAccounts());
        assertThat(left).hasSize(1);

        Thumbprint thumbprint = new Thumbprint("0123456789ABCDEF0123456789ABCDEF01234567");
        AcmeIssuedRecord first = new AcmeIssuedRecord(
                thumbprint,
                "pebble",
                "aYhb.AIdl",
                "https://acme.example/cert/1",
                "https://acme.example/order/1",
                "Root X1",
                List.of("Root X2", "Root X3"),
                null,
                null,
                null,
                null,
                T0);
        AcmeIssuedRecord windowed = new AcmeIssuedRecord(
                thumbprint,
                "pebble",
                "aYhb.AIdl",
                "https://acme.example/cert/1",
                "https://acme.example/order/1",
                "Root X1",
                List.of(),
                T0.plusSeconds(3600),
                T0.plusSeconds(7200),
                "https://acme.example/why",
                T0.plusSeconds(10),
                T0);
        store.write(tx -> {
            tx.putAcmeIssued(first);
            return null;
        });
        Optional<AcmeIssuedRecord> recorded = store.read(tx -> tx.acmeIssued(thumbprint));
        assertThat(recorded).contains(first);
        store.write(tx -> {
            tx.putAcmeIssued(windowed);
            return null;
        });
        AcmeIssuedRecord read = store.read(tx -> tx.acmeIssued(thumbprint)).orElseThrow();
        assertThat(read).isEqualTo(windowed);
        assertThat(read.hasWindow()).isTrue();

        store.write(tx -> {
            tx.putAcmeChallenge("tok", "http-01", "tok.thumb", "dns:a.example", T0.plusSeconds(60));
            tx.putAcmeChallenge("gone", "http-01", "gone.thumb", "dns:b.example", T0.minusSeconds(1));
            return null;
        });
        Optional<String> live = store.read(tx -> tx.acmeChallenge("tok", T0));
        Optional<String> expired = store.read(tx -> tx.acmeChallenge("gone", T0));
        assertThat(live).contains("tok.thumb");
        assertThat(expired).isEmpty();
        store.write(tx -> {
            tx.deleteAcmeChallenge("tok", T0);
            return null;
        });
        Optional<String> deleted = store.read(tx -> tx.acmeChallenge("tok", T0));
        Optional<String> swept = store.read(tx -> tx.acmeChallenge("gone", T0.minusSeconds(10)));
        assertThat(deleted).isEmpty();
        assertThat(swept).as("expired answers are swept on delete").isEmpty();
    }
}
