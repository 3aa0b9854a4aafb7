package io.certwiz.renewal;

import io.certwiz.Certwiz;
import io.certwiz.InitService;
import io.certwiz.crypto.KeyVault;
import io.certwiz.request.RequestSpec;
import io.certwiz.server.support.MovableClock;
import io.certwiz.store.DataDirectory;
import io.certwiz.store.Database;
import io.certwiz.store.Transaction;
import io.certwiz.store.jdbc.SqlRenewalRecords;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** A certwiz over a fresh data directory whose clock a test moves, with short-lived certificates. */
final class RenewalFixture implements AutoCloseable {
    static final String FQDN = "srv.example.com";
    static final String POOL = "pool.example.com";
    static final String WEB_INTERNAL = "int.example.com";
    static final String WEB_EXTERNAL = "www.example.com";

    final MovableClock clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final DataDirectory data;
    final Certwiz certwiz;
    final SqlRenewalRecords records = new SqlRenewalRecords();

    RenewalFixture(Path dir) {
        data = new DataDirectory(dir.resolve("data"));
        InitService.init(
                data,
                new InitService.Options(
                        ServerIdentity.of(FQDN, POOL, WEB_INTERNAL, WEB_EXTERNAL, List.of("example.com")), true, false),
                clock);
        certwiz = new Certwiz(data, Database.openSqlite(data.database()), new KeyVault(data.readMasterKey()), clock);
    }

    private int requests;

    /**
     * An online request to the embedded CA, assigned when {@code assign}; its thumbprint. The first is named
     * "renewable", the next ones "renewable-2" and so on (friendly names are unique).
     */
    Thumbprint request(List<Usage> usages, Duration validity, boolean assign) {
        requests++;
        RequestSpec spec = RequestSpec.builder(usages)
                .key("ec-p256")
                .friendlyName(requests == 1 ? "renewable" : "renewable-" + requests)
                .validity(validity)
                .assign(assign)
                .build();
        return new Thumbprint(certwiz.requests().online(spec).certificate().thumbprint());
    }

    RenewalService renewals() {
        return certwiz.renewals();
    }

    RenewalState state(Thumbprint thumbprint) {
        return certwiz.store()
                .read((Transaction tx) -> records.state(tx, thumbprint))
                .orElseThrow(() -> new AssertionError("not tracked: " + thumbprint));
    }

    boolean tracked(Thumbprint thumbprint) {
        return certwiz.store()
                .read((Transaction tx) -> records.state(tx, thumbprint))
                .isPresent();
    }

    Thumbprint assigned(Usage usage) {
        return certwiz.store()
                .read((Transaction tx) -> certwiz.assignments().current(tx, usage))
                .orElseThrow()
                .thumbprint();
    }

    /** The operations of the audit log, newest first. */
    List<String> audit() {
        return certwiz.audit().newest(50).stream().map(e -> e.operation()).toList();
    }

    @Override
    public void close() {
        certwiz.close();
    }
}
