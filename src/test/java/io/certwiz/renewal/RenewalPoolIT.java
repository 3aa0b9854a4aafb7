package io.certwiz.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.Certwiz;
import io.certwiz.InitService;
import io.certwiz.crypto.KeyVault;
import io.certwiz.request.RequestSpec;
import io.certwiz.server.support.MovableClock;
import io.certwiz.store.DataDirectory;
import io.certwiz.store.SharedStore;
import io.certwiz.store.Transaction;
import io.certwiz.store.jdbc.SqlRenewalRecords;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pool: two servers (two certwiz instances, each with its own connections) on one PostgreSQL store,
 * racing over the same 50 due certificates. The lease in the store, re-checked once taken, lets exactly
 * one server renew each: 50 issuances, each certificate replaced once.
 */
class RenewalPoolIT {
    static final int CERTIFICATES = 50;

    @TempDir
    Path tmp;

    @Test
    void twoServersRacingOverFiftyDueCertificatesMakeExactlyFiftyIssuances() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            try (Connection c = postgres.getPostgresDatabase().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE certwiz_renewal_pool");
            }
            SharedStore shared =
                    new SharedStore(postgres.getJdbcUrl("postgres", "certwiz_renewal_pool"), "postgres", "postgres");
            MovableClock clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
            DataDirectory first = new DataDirectory(tmp.resolve("a"));
            InitService.init(
                    first,
                    new InitService.Options(
                            ServerIdentity.of("fe01.example.com", "pool.example.com", null, null, List.of()),
                            true,
                            false,
                            shared),
                    clock);
            byte[] masterKey = first.readMasterKey();
            DataDirectory second = new DataDirectory(tmp.resolve("b"));
            InitService.join(second, shared, masterKey.clone(), false);
            List<Certwiz> pool = new ArrayList<>();
            for (DataDirectory data : List.of(first, second)) {
                pool.add(new Certwiz(data, data.sharedStore().orElseThrow().open(), new KeyVault(masterKey), clock));
            }
            try {
                race(pool, clock);
            } finally {
                pool.forEach(Certwiz::close);
            }
        }
    }

    private void race(List<Certwiz> pool, MovableClock clock) throws Exception {
        Certwiz a = pool.get(0);
        assertThat(a.server()).isNotEqualTo(pool.get(1).server());
        List<Thumbprint> due = new ArrayList<>();
        for (int i = 0; i < CERTIFICATES; i++) {
            Thumbprint thumbprint = new Thumbprint(a.requests()
                    .online(RequestSpec.builder(List.of(Usage.Default))
                            .key("ec-p256")
                            .validity(Duration.ofMinutes(30))
                            .assign(false)
                            .build())
                    .certificate()
                    .thumbprint());
            // Named once, each is tracked from then on (a certificate exported to hosts certwiz does not run on).
            assertThat(a.renewals()
                            .renew(thumbprint.hex(), RenewalService.Options.due())
                            .result())
                    .isEqualTo(RenewalOutcome.Result.NOT_DUE);
            due.add(thumbprint);
        }
        long issuedBefore = a.embeddedCa().issuedCount();
        clock.advance(Duration.ofMinutes(21));

        CyclicBarrier start = new CyclicBarrier(pool.size());
        ExecutorService threads = Executors.newFixedThreadPool(pool.size());
        List<Future<List<RenewalOutcome>>> passes = new ArrayList<>();
        for (Certwiz server : pool) {
            passes.add(threads.submit(() -> {
                start.await();
                List<RenewalOutcome> outcomes = new ArrayList<>();
                // Each server passes until nothing is due for it, as its scheduler would.
                for (List<RenewalOutcome> pass = server.renewals().pass(RenewalService.PASS_LIMIT);
                        !pass.isEmpty();
                        pass = server.renewals().pass(RenewalService.PASS_LIMIT)) {
                    outcomes.addAll(pass);
                    if (pass.stream().noneMatch(o -> o.result() == RenewalOutcome.Result.RENEWED)) {
                        break;
                    }
                }
                return outcomes;
            }));
        }
        List<RenewalOutcome> all = new ArrayList<>();
        List<Long> renewedPerServer = new ArrayList<>();
        for (Future<List<RenewalOutcome>> pass : passes) {
            List<RenewalOutcome> outcomes = pass.get();
            all.addAll(outcomes);
            renewedPerServer.add(outcomes.stream()
                    .filter(o -> o.result() == RenewalOutcome.Result.RENEWED)
                    .count());
        }
        threads.shutdownNow();

        assertThat(a.embeddedCa().issuedCount() - issuedBefore).as("issuances").isEqualTo(CERTIFICATES);
        assertThat(all.stream().filter(o -> o.result() == RenewalOutcome.Result.RENEWED))
                .extracting(RenewalOutcome::thumbprint)
                .as("each renewed once")
                .hasSize(CERTIFICATES)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(
                        due.stream().map(Thumbprint::hex).toList());
        assertThat(all)
                .extracting(RenewalOutcome::result)
                .as("the losers of a race say why")
                .allMatch(r -> r == RenewalOutcome.Result.RENEWED
                        || r == RenewalOutcome.Result.LEASED_ELSEWHERE
                        || r == RenewalOutcome.Result.NOT_DUE);
        SqlRenewalRecords records = new SqlRenewalRecords();
        for (Thumbprint old : due) {
            assertThat(a.store().read((Transaction tx) -> records.replacedBy(tx, old)))
                    .as("replaced: " + old)
                    .isPresent();
            assertThat(a.store().read((Transaction tx) -> records.state(tx, old)))
                    .isEmpty();
        }
        assertThat(a.renewals().pass(RenewalService.PASS_LIMIT))
                .as("nothing left due")
                .isEmpty();
        System.out.println("renewals per server: " + renewedPerServer);
    }
}
