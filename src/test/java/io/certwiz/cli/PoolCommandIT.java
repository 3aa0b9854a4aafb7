package io.certwiz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.Certwiz;
import io.certwiz.server.CertwizServer;
import io.certwiz.server.ServeOptions;
import io.certwiz.server.support.Tls;
import io.certwiz.store.DataDirectory;
import io.certwiz.testing.Cli;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pool on a real PostgreSQL: {@code certwiz init --store-url} makes the shared store, {@code certwiz
 * join} adds a server with the pool's master key, and what one server does (a request, an assignment)
 * the other sees and serves.
 */
class PoolCommandIT {
    private static EmbeddedPostgres postgres;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @TempDir
    Path temp;

    String url;
    Path password;
    Cli a;
    Cli b;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void database() throws Exception {
        String name = "pool_" + DATABASES.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        url = postgres.getJdbcUrl("postgres", name).replaceAll("\\?.*$", "");
        password = Files.writeString(temp.resolve("pg-password"), "postgres\n");
        a = new Cli(temp.resolve("a"));
        b = new Cli(temp.resolve("b"));
    }

    private Cli.Result initPool() {
        return a.init(
                "--store-url", url, "--store-user", "postgres", "--store-password-file", password.toString(), "--json");
    }

    private Cli.Result join(Cli server, Path masterKey) {
        return server.run(
                "join",
                "--store-url",
                url,
                "--store-user",
                "postgres",
                "--store-password-file",
                password.toString(),
                "--master-key-file",
                masterKey.toString(),
                "--json");
    }

    @Test
    void aSecondServerJoinsAndSharesRequestsAndAssignments() throws Exception {
        initPool();
        assertThat(a.database()).doesNotExist();
        Path storeFile = a.data().resolve(DataDirectory.SHARED_STORE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storeFile)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(storeFile)).contains("url=").contains("password=postgres");

        JsonNode joined =
                join(b, a.data().resolve(DataDirectory.MASTER_KEY)).ok().json();
        assertThat(joined.path("identity").path("fqdn").asText()).isEqualTo(Cli.FQDN);
        assertThat(joined.path("storeUrl").asText()).isEqualTo(url);
        assertThat(b.database()).doesNotExist();
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(b.data().resolve(DataDirectory.MASTER_KEY))))
                .isEqualTo("rw-------");

        // A request made on one server is assigned and seen on the other, keys included.
        String thumbprint = a.request("WebServicesExternal");
        JsonNode usage = usage(b, "WebServicesExternal");
        assertThat(usage.path("state").asText()).isEqualTo("Assigned");
        assertThat(usage.path("thumbprint").asText()).isEqualTo(thumbprint);
        assertThat(b.run("show", thumbprint, "--json")
                        .ok()
                        .json()
                        .path("hasPrivateKey")
                        .asBoolean())
                .isTrue();

        // The second server serves it, and a later assignment made on the first reaches its listener.
        try (Certwiz certwiz = Certwiz.open(new DataDirectory(b.data()));
                CertwizServer server = CertwizServer.start(certwiz, new ServeOptions("127.0.0.1", 0, 0, 0))) {
            assertThat(served(server)).isEqualTo(thumbprint);
            String next = a.request("WebServicesExternal");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!served(server).equals(next) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(served(server)).as("hot swap across the pool").isEqualTo(next);
        }
    }

    private static String served(CertwizServer server) throws Exception {
        try (SSLSocket socket = (SSLSocket) Tls.context(new Tls.Recording(null), null)
                .getSocketFactory()
                .createSocket("127.0.0.1", server.port(Usage.WebServicesExternal))) {
            socket.startHandshake();
            return Thumbprint.of((X509Certificate) socket.getSession().getPeerCertificates()[0])
                    .hex();
        }
    }

    @Test
    void initRefusesAStoreThatHoldsAPoolAndLeavesNothingBehind() {
        initPool();
        Cli other = new Cli(temp.resolve("c"));
        Cli.Result again = other.run(
                        "init",
                        "--fqdn",
                        "other.example.com",
                        "--store-url",
                        url,
                        "--store-user",
                        "postgres",
                        "--store-password-file",
                        password.toString())
                .failsWithOneLine(3);
        assertThat(again.err()).contains("already holds a certwiz pool").contains("certwiz join");
        assertThat(other.data().resolve(DataDirectory.SHARED_STORE)).doesNotExist();
        assertThat(other.data().resolve(DataDirectory.MASTER_KEY)).doesNotExist();
        assertThat(usage(a, "Default").path("state").asText()).isEqualTo("NotAssigned");
    }

    @Test
    void joinRefusesAWrongMasterKeyAndAStoreWithoutAPool() throws Exception {
        Path wrong = temp.resolve("wrong.key");
        Files.writeString(wrong, java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        Cli.Result empty = join(b, wrong).failsWithOneLine(4);
        assertThat(empty.err()).contains("holds no certwiz pool").contains("certwiz init");

        initPool();
        Cli.Result refused = join(b, wrong).failsWithOneLine(3);
        assertThat(refused.err()).contains("master key does not open the pool's keys");
        assertThat(b.data().resolve(DataDirectory.SHARED_STORE)).doesNotExist();
        assertThat(b.run("usages").exitCode()).isEqualTo(4);
    }

    @Test
    void badStoreOptionsAreBadUsage() {
        assertThat(a.run("init", "--fqdn", "x.example.com", "--store-url", "jdbc:sqlite:/tmp/x.db")
                        .failsWithOneLine(2)
                        .err())
                .contains("jdbc:postgresql://");
        assertThat(a.run("init", "--fqdn", "x.example.com", "--store-user", "postgres")
                        .failsWithOneLine(2)
                        .err())
                .contains("go with --store-url");
    }

    private static JsonNode usage(Cli cli, String name) {
        for (JsonNode usage : cli.run("usages", "--json").ok().json()) {
            if (usage.path("usage").asText().equals(name)) {
                return usage;
            }
        }
        throw new AssertionError("no usage " + name);
    }
}
