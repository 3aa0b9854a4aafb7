package io.certwiz.server.browser;

import io.certwiz.acme.client.Pebble;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code pebble} on loopback ({@link Pebble}) as the ACME CA of the wizard's browser tests, with
 * validation off ({@code PEBBLE_VA_ALWAYS_VALID}: every challenge passes unasked) and reached through a
 * relay the test can hold: while held, new connections to the CA wait, so the request stays on the
 * progress page until the test lets it go on.
 */
final class PebbleCa implements AutoCloseable {
    private final Pebble pebble;
    private final ServerSocket relay;
    private volatile CountDownLatch gate = new CountDownLatch(0);

    static boolean available() {
        return Pebble.available();
    }

    private PebbleCa(Path dir) throws IOException {
        pebble = Pebble.start(dir, Map.of(), Map.of("PEBBLE_VA_ALWAYS_VALID", "1", "PEBBLE_WFE_NONCEREJECT", "0"));
        try {
            relay = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            pebble.close();
            throw e;
        }
        Thread.ofVirtual().name("pebble-relay").start(this::relay);
    }

    static PebbleCa start(Path dir) {
        try {
            return new PebbleCa(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start pebble's relay: " + e.getMessage(), e);
        }
    }

    /** The directory as certwiz reaches it: through the relay. */
    String directoryUrl() {
        return "https://127.0.0.1:" + relay.getLocalPort() + "/dir";
    }

    /** The root of pebble's own HTTPS certificate, for {@code ca add --ca-bundle}. */
    Path bundle() {
        return pebble.bundle();
    }

    /** New connections to the CA wait from now until {@link #release}. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    void release() {
        gate.countDown();
    }

    String log() {
        return pebble.log();
    }

    private void relay() {
        while (!relay.isClosed()) {
            try {
                Socket client = relay.accept();
                CountDownLatch waitFor = gate;
                Thread.ofVirtual().start(() -> forward(client, waitFor));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void forward(Socket client, CountDownLatch waitFor) {
        try (client) {
            if (!waitFor.await(60, TimeUnit.SECONDS)) {
                return;
            }
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), pebble.port())) {
                Thread back = Thread.ofVirtual().start(() -> pump(upstream, client));
                pump(client, upstream);
                back.join();
            }
        } catch (IOException | InterruptedException e) {
            // The connection ends with the test.
        }
    }

    private static void pump(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            in.transferTo(out);
            to.shutdownOutput();
        } catch (IOException e) {
            // One side closed.
        }
    }

    @Override
    public void close() {
        release();
        try {
            relay.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        pebble.close();
    }
}
