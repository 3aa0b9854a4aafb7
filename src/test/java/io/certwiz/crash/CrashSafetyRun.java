package io.certwiz.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certwiz.Certwiz;
import io.certwiz.DataDirectory;
import io.certwiz.certificate.StoredCertificate;
import io.certwiz.crash.CrashJournal.Expect;
import io.certwiz.crash.CrashJournal.HeldCertificate;
import io.certwiz.crash.CrashProcesses.Running;
import io.certwiz.request.PendingRequest;
import io.certwiz.server.support.Tls;
import io.certwiz.store.jdbc.SqlAssignments;
import io.certwiz.store.jdbc.SqlCertificateRecords;
import io.certwiz.store.jdbc.SqlPendingRequests;
import io.certwiz.testing.CertFactory;
import io.certwiz.testing.Cli;
import io.certwiz.usage.Assignment;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety, proven: the workload ({@link CrashWorkload}) runs 1,000 mixed operations through the
 * service layer while it is killed with SIGKILL at random moments and started again, while {@code certwiz}
 * commands and {@code certwiz serve} are started and killed beside it, and (on PostgreSQL) while the
 * database itself crashes and restarts. Then every journaled operation is in the store, {@code certwiz
 * check} finds it clean, and {@code certwiz serve} starts and presents the assigned certificates.
 *
 * <p>The schedule comes from one seed, printed; {@code -Dcrash.seed=N} replays it ({@code
 * -Dcrash.operations=N} changes the count).
 */
class CrashSafetyRun {
    private static final long SEED = Long.getLong("crash.seed", 20_260_513L);
    private static final int OPERATIONS = Integer.getInteger("crash.operations", 1000);
    private static final Duration DEADLINE = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void sqlite() throws Exception {
        new Run(dir, null).run();
    }

    @Test
    void postgresql() throws Exception {
        try (CrashPostgres postgres = CrashPostgres.start(dir.resolve("postgres"))) {
            new Run(dir, postgres).run();
        }
    }

    private enum Event {
        KILL_WORKLOAD,
        KILL_CLI,
        KILL_SERVE,
        RESTART_DATABASE
    }

    private static final class Run {
        private final Path data;
        private final Path journal;
        private final Path work;
        private final CrashPostgres postgres;
        private final CrashProcesses processes;
        private final Random random;
        private final String name;
        private final Map<String, Integer> counts = new HashMap<>();
        private int databaseRestarts;
        private Running workload;
        private int restartsWhenStarted;

        Run(Path dir, CrashPostgres postgres) {
            this.data = dir.resolve("data");
            this.journal = dir.resolve("journal.txt");
            this.work = dir.resolve("work");
            this.postgres = postgres;
            this.processes = new CrashProcesses(dir.resolve("logs"));
            this.name = postgres == null ? "SQLite" : "PostgreSQL";
            this.random = new Random(SEED + (postgres == null ? 0 : 1));
        }

        void run() throws Exception {
            long start = System.nanoTime();
            System.out.printf(
                    "crash test on %s: seed %d (replay with -Dcrash.seed=%d), %d operations, certwiz from %s%n",
                    name, SEED, SEED, OPERATIONS, processes.certwizFrom());
            prepare();
            crashLoop(start);
            Duration crashing = Duration.ofNanos(System.nanoTime() - start);
            CrashJournal.Model model = CrashJournal.model(CrashJournal.lines(journal));
            verifyStore(model);
            verifyCheck();
            verifyServe();
            System.out.printf(
                    "crash test on %s: %d operations journaled (%d cut short) in %d s with %s; verified in %d s%n",
                    name,
                    model.done,
                    model.cutShort,
                    crashing.toSeconds(),
                    counts,
                    Duration.ofNanos(System.nanoTime() - start).minus(crashing).toSeconds());
        }

        private String seed() {
            return "seed " + SEED + " on " + name;
        }

        private void count(String what) {
            counts.merge(what, 1, Integer::sum);
        }

        /** A store with an identity and the embedded CA; the outside CA's root trusted; CA files to import. */
        private void prepare() throws IOException {
            Files.createDirectories(work.resolve("cas"));
            Files.createDirectories(work.resolve("cli-cas"));
            CertFactory.Issued testCa = CertFactory.root("Crash Test CA");
            CertFactory.writePem(work.resolve("test-ca.pem"), testCa.certificate());
            CertFactory.writePem(work.resolve("test-ca.key"), testCa.key());
            CertFactory.Issued other = CertFactory.root("Crash Other Root");
            for (int i = 0; i < 4; i++) {
                CertFactory.writePem(
                        work.resolve("cas/root-" + i + ".pem"),
                        CertFactory.root("Crash Root " + i).certificate());
                CertFactory.writePem(
                        work.resolve("cas/intermediate-" + i + ".pem"),
                        CertFactory.intermediate("Crash Intermediate " + i, other)
                                .certificate());
                CertFactory.writePem(
                        work.resolve("cli-cas/root-" + i + ".pem"),
                        CertFactory.root("Crash CLI Root " + i).certificate());
            }
            Cli cli = new Cli(data);
            if (postgres == null) {
                cli.init();
            } else {
                Path password = Files.writeString(work.resolve("pg-password"), "postgres\n");
                cli.init(
                        "--store-url",
                        postgres.url(),
                        "--store-user",
                        "postgres",
                        "--store-password-file",
                        password.toString());
            }
            cli.run("import", work.resolve("test-ca.pem").toString(), "--store", "root")
                    .ok();
        }

        private void crashLoop(long start) throws Exception {
            long deadline = start + DEADLINE.toNanos();
            for (int event = 0; ; event++) {
                if (workload == null || !workload.alive()) {
                    if (workload != null && finished()) {
                        return;
                    }
                    startWorkload();
                }
                if (System.nanoTime() > deadline) {
                    fail("%s: %d of %d operations done after %s; %s", seed(), done(), OPERATIONS, DEADLINE, counts);
                }
                switch (schedule(event)) {
                    case KILL_WORKLOAD -> {
                        Thread.sleep(400 + random.nextInt(2000));
                        if (workload.kill()) {
                            count("workload killed");
                        }
                    }
                    case KILL_CLI -> killCli(event);
                    case KILL_SERVE -> killServe();
                    case RESTART_DATABASE -> restartDatabase();
                }
            }
        }

        /** Mostly kills of the workload; now and then a CLI command's, a server's, or the database's. */
        private Event schedule(int event) {
            if (event % 4 == 1) {
                return Event.KILL_CLI;
            }
            if (event % 8 == 3 && counts.getOrDefault("serve killed", 0) < 4) {
                return Event.KILL_SERVE;
            }
            if (postgres != null && event % 8 == 7 && databaseRestarts < 4) {
                return Event.RESTART_DATABASE;
            }
            return Event.KILL_WORKLOAD;
        }

        private long done() {
            return CrashJournal.count(CrashJournal.lines(journal), "done");
        }

        private void startWorkload() {
            workload = processes.workload(
                    data.toString(),
                    journal.toString(),
                    work.toString(),
                    Long.toString(SEED),
                    Integer.toString(OPERATIONS));
            restartsWhenStarted = databaseRestarts;
            count("workload started");
        }

        /**
         * The workload ended without being killed: done, or failed. A failure is allowed only on PostgreSQL
         * after the database went down during its run.
         */
        private boolean finished() {
            int exit = workload.waitFor();
            if (exit == 0) {
                assertThat(done()).as(seed()).isGreaterThanOrEqualTo(OPERATIONS);
                return true;
            }
            if (exit == 137) {
                return false;
            }
            if (postgres != null && databaseRestarts > restartsWhenStarted) {
                count("workload failed while the database was down");
                return false;
            }
            return fail("%s: the workload failed (exit %d):%n%s", seed(), exit, workload.output());
        }

        private void killCli(int event) throws InterruptedException {
            String dataDir = data.toString();
            Running cli = switch (random.nextInt(4)) {
                case 0 ->
                    processes.certwiz(
                            "cli-request",
                            "request",
                            "--data",
                            dataDir,
                            "--usage",
                            "WebServicesInternal",
                            "--key",
                            "ec-p256",
                            "--no-assign");
                case 1 ->
                    processes.certwiz(
                            "cli-offline",
                            "request",
                            "--data",
                            dataDir,
                            "--usage",
                            "Default",
                            "--key",
                            "ec-p256",
                            "--offline",
                            "--out",
                            work.resolve("cli-" + event + ".csr").toString());
                case 2 ->
                    processes.certwiz(
                            "cli-import",
                            "import",
                            "--data",
                            dataDir,
                            work.resolve("cli-cas/root-" + random.nextInt(4) + ".pem")
                                    .toString(),
                            "--store",
                            "root");
                default -> processes.certwiz("cli-check", "check", "--data", dataDir);
            };
            Thread.sleep(200 + random.nextInt(2500));
            count(cli.kill() ? "cli killed" : "cli finished");
        }

        private void killServe() throws InterruptedException {
            Running serve = serve();
            Thread.sleep(800 + random.nextInt(3500));
            if (serve.kill()) {
                count("serve killed");
            }
        }

        private Running serve() {
            return processes.certwiz(
                    "serve",
                    "serve",
                    "--data",
                    data.toString(),
                    "--port-default",
                    "0",
                    "--port-web-internal",
                    "0",
                    "--port-web-external",
                    "0",
                    "--port-http",
                    "0");
        }

        private void restartDatabase() throws Exception {
            Thread.sleep(300 + random.nextInt(1500));
            postgres.crash();
            databaseRestarts++;
            Thread.sleep(200 + random.nextInt(1000));
            postgres.restart();
            count("database crashed");
        }

        /** Every journaled operation is in the store: the certificates, requests and assignments it left. */
        private void verifyStore(CrashJournal.Model model) {
            assertThat(model.done).as(seed()).isGreaterThanOrEqualTo(OPERATIONS);
            try (Certwiz certwiz = Certwiz.open(new DataDirectory(data))) {
                Map<String, StoredCertificate> held =
                        certwiz.store().read(tx -> new SqlCertificateRecords().all(tx)).stream()
                                .collect(Collectors.toMap(c -> c.thumbprint().hex(), c -> c));
                Set<Long> pending = certwiz.store().read(tx -> new SqlPendingRequests().all(tx)).stream()
                        .map(PendingRequest::id)
                        .collect(Collectors.toSet());
                Map<String, String> assigned = certwiz.store().read(tx -> new SqlAssignments().all(tx)).stream()
                        .collect(Collectors.toMap(
                                a -> a.usage().name(), a -> a.thumbprint().hex()));
                model.certificates.forEach((thumbprint, expect) -> {
                    if (expect == Expect.PRESENT) {
                        HeldCertificate wanted = model.held.get(thumbprint);
                        assertThat(held)
                                .as("%s: certificate %s", seed(), thumbprint)
                                .containsKey(thumbprint);
                        StoredCertificate found = held.get(thumbprint);
                        assertThat(found.store().name())
                                .as("%s: store of %s", seed(), thumbprint)
                                .isEqualTo(wanted.store());
                        assertThat(found.hasPrivateKey())
                                .as("%s: key of %s", seed(), thumbprint)
                                .isEqualTo(wanted.key());
                    } else if (expect == Expect.ABSENT) {
                        assertThat(held)
                                .as("%s: removed certificate %s", seed(), thumbprint)
                                .doesNotContainKey(thumbprint);
                    }
                });
                model.requests.forEach((id, expect) -> {
                    if (expect != Expect.MAYBE) {
                        assertThat(pending.contains(id))
                                .as("%s: pending request %d %s", seed(), id, expect)
                                .isEqualTo(expect == Expect.PRESENT);
                    }
                });
                for (Usage usage : CrashWorkload.USAGES) {
                    if (!model.unconstrained.contains(usage.name())) {
                        assertThat(assigned.getOrDefault(usage.name(), ""))
                                .as("%s: assignment of %s", seed(), usage)
                                .isIn(model.usages.getOrDefault(usage.name(), Set.of("")));
                    }
                }
                System.out.printf(
                        "crash test on %s: the store holds %d certificates, %d pending requests, assignments %s%n",
                        name, held.size(), pending.size(), assigned);
            }
        }

        /** {@code certwiz check}, a process of its own, finds nothing wrong. */
        private void verifyCheck() throws IOException {
            Running check = processes.certwiz("check", "check", "--data", data.toString(), "--json");
            int exit = check.waitFor();
            assertThat(exit)
                    .as("%s: certwiz check:%n%s", seed(), check.output())
                    .isZero();
            JsonNode report = JSON.readTree(check.output());
            assertThat(report.path("clean").asBoolean()).as(seed()).isTrue();
            System.out.printf("crash test on %s: certwiz check: %s%n", name, report.path("checked"));
        }

        /** {@code certwiz serve} starts and each listener presents its usage's assigned certificate. */
        private void verifyServe() throws Exception {
            Running serve = serve();
            try {
                Map<Usage, Integer> ports = ports(serve);
                Map<Usage, Thumbprint> assigned;
                try (Certwiz certwiz = Certwiz.open(new DataDirectory(data))) {
                    assigned = certwiz.store().read(tx -> new SqlAssignments().all(tx)).stream()
                            .collect(Collectors.toMap(Assignment::usage, Assignment::thumbprint));
                }
                assertThat(assigned)
                        .as("%s: something is assigned at the end", seed())
                        .isNotEmpty();
                for (Map.Entry<Usage, Thumbprint> entry : assigned.entrySet()) {
                    assertThat(Tls.presented(ports.get(entry.getKey())))
                            .as("%s: the %s listener", seed(), entry.getKey())
                            .isEqualTo(entry.getValue().hex());
                }
            } finally {
                serve.process().destroy();
                serve.waitFor();
            }
        }

        private Map<Usage, Integer> ports(Running serve) throws InterruptedException {
            Map<String, Usage> labels = Map.of(
                    "Default (mutual TLS):", Usage.Default,
                    "Web wizard and REST API:", Usage.WebServicesInternal,
                    "Public (CA certificates, CRL):", Usage.WebServicesExternal);
            Pattern url = Pattern.compile("^\\s*(.+?:)\\s+https://127\\.0\\.0\\.1:(\\d+)/");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                Map<Usage, Integer> ports = new HashMap<>();
                for (String line : serve.output().lines().toList()) {
                    Matcher m = url.matcher(line);
                    if (m.find() && labels.containsKey(m.group(1))) {
                        ports.put(labels.get(m.group(1)), Integer.parseInt(m.group(2)));
                    }
                }
                if (ports.size() == labels.size()) {
                    return ports;
                }
                assertThat(serve.alive())
                        .as("%s: certwiz serve is running:%n%s", seed(), serve.output())
                        .isTrue();
                Thread.sleep(100);
            }
            return fail("%s: certwiz serve did not start:%n%s", seed(), serve.output());
        }
    }
}
