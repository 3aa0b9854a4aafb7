package io.certwiz.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certwiz.Certwiz;
import io.certwiz.certificate.StoredCertificate;
import io.certwiz.crash.CrashJournal.Expect;
import io.certwiz.crash.CrashJournal.HeldCertificate;
import io.certwiz.crash.CrashProcesses.Running;
import io.certwiz.request.PendingRequest;
import io.certwiz.server.support.Tls;
import io.certwiz.store.DataDirectory;
import io.certwiz.store.jdbc.SqlAssignments;
import io.certwiz.store.jdbc.SqlCertificateRecords;
import io.certwiz.store.jdbc.SqlPendingRequests;
import io.certwiz.testing.CertFactory;
import io.certwiz.testing.Cli;
import io.certwiz.usage.Assignment;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One store's crash run for {@link CrashSafetyIT}: the workload ({@link CrashWorkload}, its own JVM) runs
 * the operations and is killed with SIGKILL after a random number of journal lines plus a random few
 * milliseconds, so that most kills land inside an operation, and started again until the journal counts
 * every operation done. Between its kills, {@code certwiz} commands (online and offline requests, imports,
 * check) and {@code certwiz serve} start and are killed at random moments on the same store, and on
 * PostgreSQL the database server is killed (every process, SIGKILL) and restarted. Then the store must
 * hold what the journal says ({@link CrashJournal#model}), {@code certwiz check} must find it clean, and
 * {@code certwiz serve} must start and present each assignment.
 */
final class CrashRun {
    private static final Duration DEADLINE = Duration.ofMinutes(Long.getLong("crash.minutes", 20));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLI_KILLS = 8;
    private static final int SERVE_KILLS = 2;
    private static final int DATABASE_RESTARTS = 3;

    private enum Event {
        KILL_WORKLOAD,
        KILL_CLI,
        KILL_SERVE,
        RESTART_DATABASE
    }

    private final Path data;
    private final Path journal;
    private final Path work;
    private final boolean onPostgres;
    private final long seed;
    private final int operations;
    private final CrashProcesses processes;
    private final Random random;
    private final String name;
    private final Map<String, Integer> counts = new TreeMap<>();
    private CrashPostgres postgres;
    private int databaseRestarts;
    private Running workload;
    private int restartsWhenStarted;
    private long journalRead;
    private long journalLines;
    /** How long a {@code certwiz check} took here, start to exit: the scale of the CLI and serve kill times. */
    private Duration command;

    CrashRun(Path dir, boolean onPostgres, long seed, int operations) {
        this.data = dir.resolve("data");
        this.journal = dir.resolve("journal.txt");
        this.work = dir.resolve("work");
        this.onPostgres = onPostgres;
        this.seed = seed;
        this.operations = operations;
        this.processes = new CrashProcesses(dir.resolve("logs"));
        this.name = onPostgres ? "PostgreSQL" : "SQLite";
        this.random = new Random(seed + (onPostgres ? 1 : 0));
    }

    /** Runs it; a failure names the seed and how to replay it. */
    String run() {
        try {
            if (onPostgres) {
                postgres = CrashPostgres.start(work.resolveSibling("postgres"));
            }
            return crashAndVerify();
        } catch (Throwable e) {
            throw new AssertionError(
                    "crash test on " + name + " failed with seed " + seed + " (replay: -Dcrash.seed=" + seed
                            + " -Dcrash.stores=" + name.toLowerCase(java.util.Locale.ROOT) + "): " + e.getMessage()
                            + "\n  " + counts + "; logs were in "
                            + data.getParent().resolve("logs"),
                    e);
        } finally {
            if (workload != null) {
                workload.kill();
            }
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private String crashAndVerify() throws Exception {
        long start = System.nanoTime();
        System.out.printf(
                "crash test on %s: seed %d, %d operations, certwiz from %s%n",
                name, seed, operations, processes.certwizFrom());
        prepare();
        command = calibrate();
        crashLoop(start);
        Duration crashing = Duration.ofNanos(System.nanoTime() - start);
        CrashJournal.Model model = CrashJournal.model(CrashJournal.lines(journal));
        assertThat(model.cutShort)
                .as("operations a kill cut short (else no kill landed inside one)")
                .isPositive();
        for (String kind : java.util.List.of("online", "offline", "import-reply", "import-ca", "assign", "renew")) {
            assertThat(model.kinds.getOrDefault(kind, 0))
                    .as("'%s' operations done, of %s", kind, model.kinds)
                    .isGreaterThanOrEqualTo(10);
        }
        String held = verifyStore(model);
        String checked = verifyCheck();
        verifyServe();
        return String.format(
                "crash test on %s (seed %d): %d operations done, %d cut short (%s), in %d s; %s; %s; check: %s;"
                        + " verified in %d s",
                name,
                seed,
                model.done,
                model.cutShort,
                model.kinds,
                crashing.toSeconds(),
                counts,
                held,
                checked,
                Duration.ofNanos(System.nanoTime() - start).minus(crashing).toSeconds());
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
                    CertFactory.intermediate("Crash Intermediate " + i, other).certificate());
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

    /** Times one {@code certwiz check} to its end, so that kills land within commands on a fast or a busy machine. */
    private Duration calibrate() {
        long begin = System.nanoTime();
        Running check = processes.certwiz("calibrate", "check", "--data", data.toString());
        assertThat(check.waitFor())
                .as("certwiz check before the run: %s", check.describe())
                .isZero();
        return Duration.ofNanos(System.nanoTime() - begin);
    }

    /** A random moment from a quarter to one and a half times a command's run. */
    private long withinACommand() {
        long ms = command.toMillis();
        return ms / 4 + (long) (random.nextDouble() * ms * 5 / 4);
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
                fail("%d of %d operations done after %s", done(), operations, DEADLINE);
            }
            switch (schedule(event)) {
                case KILL_WORKLOAD -> killWorkload();
                case KILL_CLI -> killCli(event);
                case KILL_SERVE -> killServe();
                case RESTART_DATABASE -> restartDatabase();
            }
        }
    }

    /**
     * Kills of the workload, a CLI command's every other event (at most {@value #CLI_KILLS}), now and then a
     * server's (at most {@value #SERVE_KILLS}) or the database's (at most {@value #DATABASE_RESTARTS}). Each
     * JVM started costs a second or more of CPU: these counts keep a run within CI's minutes.
     */
    private Event schedule(int event) {
        int cli = counts.getOrDefault("cli killed", 0) + counts.getOrDefault("cli finished", 0);
        int serve = counts.getOrDefault("serve killed", 0);
        if (event % 2 == 1 && cli < CLI_KILLS) {
            return event % 6 == 3 && serve < SERVE_KILLS ? Event.KILL_SERVE : Event.KILL_CLI;
        }
        if (postgres != null && event % 4 == 2 && databaseRestarts < DATABASE_RESTARTS) {
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
                Long.toString(seed),
                Integer.toString(operations));
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
            assertThat(done()).isGreaterThanOrEqualTo(operations);
            return true;
        }
        if (exit == 137) {
            return false;
        }
        if (postgres != null && databaseRestarts > restartsWhenStarted) {
            count("workload failed while the database was down");
            return false;
        }
        return fail("the workload failed (exit %d): %s", exit, workload.describe());
    }

    /** SIGKILL after 10 to 200 more journal lines (5 to 100 operations) and then 0 to 40 ms. */
    private void killWorkload() throws IOException, InterruptedException {
        long until = journalLines() + 10 + random.nextInt(191);
        long giveUp = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (workload.alive() && journalLines() < until && System.nanoTime() < giveUp) {
            Thread.sleep(5);
        }
        Thread.sleep(random.nextInt(41));
        if (workload.kill()) {
            count("workload killed");
        }
    }

    /** The journal's lines so far, read on from where the last call stopped. */
    private long journalLines() throws IOException {
        if (!Files.exists(journal)) {
            return 0;
        }
        try (RandomAccessFile file = new RandomAccessFile(journal.toFile(), "r")) {
            file.seek(journalRead);
            byte[] buffer = new byte[8192];
            for (int n; (n = file.read(buffer)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        journalLines++;
                    }
                }
                journalRead += n;
            }
        }
        return journalLines;
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
        Thread.sleep(withinACommand());
        if (cli.kill()) {
            count("cli killed");
        } else {
            // A command that ended by itself succeeded: a check in the middle of the run finds the store clean too.
            assertThat(cli.waitFor())
                    .as("a certwiz command during the run: %s", cli.describe())
                    .isZero();
            count("cli finished");
        }
    }

    private void killServe() throws InterruptedException {
        Running serve = serve();
        Thread.sleep(withinACommand() * 2);
        assertThat(serve.kill())
                .as("certwiz serve is still running: %s", serve.describe())
                .isTrue();
        count("serve killed");
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

    /** Kills the database server while the workload writes, and starts it again a moment later. */
    private void restartDatabase() throws Exception {
        long until = journalLines() + 4 + random.nextInt(60);
        while (workload.alive() && journalLines() < until) {
            Thread.sleep(5);
        }
        postgres.crash();
        databaseRestarts++;
        Thread.sleep(200 + random.nextInt(1000));
        postgres.restart();
        count("database killed");
    }

    /** Every journaled operation is in the store: the certificates, requests and assignments it left. */
    private String verifyStore(CrashJournal.Model model) {
        assertThat(model.done).isGreaterThanOrEqualTo(operations);
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
                    assertThat(held).as("certificate %s", thumbprint).containsKey(thumbprint);
                    StoredCertificate found = held.get(thumbprint);
                    assertThat(found.store().name())
                            .as("store of %s", thumbprint)
                            .isEqualTo(wanted.store());
                    assertThat(found.hasPrivateKey())
                            .as("key of %s", thumbprint)
                            .isEqualTo(wanted.key());
                } else if (expect == Expect.ABSENT) {
                    assertThat(held).as("removed certificate %s", thumbprint).doesNotContainKey(thumbprint);
                }
            });
            model.requests.forEach((id, expect) -> {
                if (expect != Expect.MAYBE) {
                    assertThat(pending.contains(id))
                            .as("pending request %d %s", id, expect)
                            .isEqualTo(expect == Expect.PRESENT);
                }
            });
            for (Usage usage : CrashWorkload.USAGES) {
                if (!model.unconstrained.contains(usage.name())) {
                    assertThat(assigned.getOrDefault(usage.name(), ""))
                            .as("assignment of %s", usage)
                            .isIn(model.usages.getOrDefault(usage.name(), Set.of("")));
                }
            }
            return String.format(
                    "the store holds %d certificates, %d pending requests, %d assignments",
                    held.size(), pending.size(), assigned.size());
        }
    }

    /** {@code certwiz check}, a process of its own, finds nothing wrong. */
    private String verifyCheck() throws IOException {
        Running check = processes.certwiz("check", "check", "--data", data.toString(), "--json");
        int exit = check.waitFor();
        assertThat(exit).as("certwiz check: %s", check.describe()).isZero();
        JsonNode report = JSON.readTree(check.output());
        assertThat(report.path("clean").asBoolean()).as(check.describe()).isTrue();
        return report.path("checked").toString();
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
            assertThat(assigned).as("something is assigned at the end").isNotEmpty();
            for (Map.Entry<Usage, Thumbprint> entry : assigned.entrySet()) {
                assertThat(Tls.presented(ports.get(entry.getKey())))
                        .as("the %s listener", entry.getKey())
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
                "Public CA certificates:", Usage.WebServicesExternal);
        Pattern url = Pattern.compile("^\\s*(.+?:)\\s+https://127\\.0\\.0\\.1:(\\d+)/");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Map<Usage, Integer> ports = new TreeMap<>();
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
                    .as("certwiz serve is running: %s", serve.describe())
                    .isTrue();
            Thread.sleep(100);
        }
        return fail("certwiz serve did not start: %s", serve.describe());
    }
}
