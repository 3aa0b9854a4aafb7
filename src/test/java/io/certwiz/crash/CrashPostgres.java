package io.certwiz.crash;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An embedded PostgreSQL that can crash: {@link #crash} kills the postmaster and every backend with
 * SIGKILL (no shutdown checkpoint, as a power cut would leave it) and {@link #restart} starts it again
 * on the same data directory and port, where it recovers from its write-ahead log. Commits are synchronous
 * (synchronous_commit on, as in a default PostgreSQL).
 */
final class CrashPostgres implements AutoCloseable {
    private final Path directory;
    private final int port;
    private EmbeddedPostgres postgres;

    private CrashPostgres(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    static CrashPostgres start(Path directory) throws IOException, SQLException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        CrashPostgres db = new CrashPostgres(directory, port);
        db.restart();
        try (Connection c = db.postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE crash");
        }
        return db;
    }

    String url() {
        return "jdbc:postgresql://localhost:" + port + "/crash";
    }

    void restart() throws IOException {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .setPort(port)
                // The embedded default is off: a commit would be acknowledged before its WAL left the
                // server's memory, and a crash of the server could lose it. certwiz runs on defaults (on).
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .start();
    }

    /** Kills every PostgreSQL process of this cluster with SIGKILL and waits until they are gone. */
    void crash() throws IOException {
        long pid = Long.parseLong(Files.readAllLines(directory.resolve("postmaster.pid"))
                .getFirst()
                .strip());
        ProcessHandle postmaster =
                ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no postmaster " + pid));
        List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
        all.add(postmaster);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : all) {
            try {
                process.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("PostgreSQL process " + process.pid() + " did not die", e);
            }
        }
        stopped();
    }

    /** Lets go of the embedded instance (its own stop finds no server: the cluster is already down). */
    private void stopped() {
        try {
            postgres.close();
        } catch (IOException | RuntimeException ignored) {
            // pg_ctl stop reports that no server runs: it was killed.
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
