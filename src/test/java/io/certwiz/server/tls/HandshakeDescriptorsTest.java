package io.certwiz.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.server.support.TestServer;
import io.certwiz.server.support.Tls;
import io.certwiz.usage.Usage;
import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listeners' TLS engine keeps no file descriptors once a connection closed (issue 13): Conscrypt
 * held a pipe (two descriptors) per connection dropped without a close_notify until the garbage
 * collector freed its engine; the listeners now free it when the connection closes. Counts
 * /proc/self/fd before and after {@value #CLIENTS} x {@value #PER_CLIENT} handshakes on every listener,
 * half of them dropped abruptly, half closed cleanly.
 */
class HandshakeDescriptorsTest {
    static final int CLIENTS = 4;
    static final int PER_CLIENT = 60;

    @TempDir
    Path dir;

    static int pipes() {
        int pipes = 0;
        File[] fds = new File("/proc/self/fd").listFiles();
        for (File fd : fds == null ? new File[0] : fds) {
            try {
                if (Files.readSymbolicLink(fd.toPath()).toString().startsWith("pipe:")) {
                    pipes++;
                }
            } catch (IOException e) {
                // closed meanwhile
            }
        }
        return pipes;
    }

    static int descriptors() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? 0 : fds.length;
    }

    /** A full handshake, then the TCP connection reset without a close_notify, as many clients do. */
    static void abruptHandshake(SSLContext context, int port) throws IOException {
        try (Socket plain = new Socket("127.0.0.1", port)) {
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", port, false);
            try {
                tls.startHandshake();
            } catch (IOException e) {
                // Default wants a client certificate: refused after the server's flight, engine made all the same
            }
            plain.setSoLinger(true, 0);
        }
    }

    /** Waits (bounded) for the server to close the last connections, then counts. */
    static int settledPipes(int atMost) throws InterruptedException {
        int pipes = pipes();
        for (int i = 0; i < 50 && pipes > atMost; i++) {
            Thread.sleep(100);
            pipes = pipes();
        }
        return pipes;
    }

    @Test
    void handshakesLeaveNoPipesBehind() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new Tls.Recording(null)}, null);
            List<Integer> ports = new ArrayList<>();
            for (Usage usage : TlsListeners.USAGES) {
                ports.add(server.port(usage));
                for (int i = 0; i < 10; i++) {
                    Tls.presented(server.port(usage)); // warm up thread pools and caches
                    abruptHandshake(context, server.port(usage));
                }
            }
            int pipesBefore = settledPipes(0);
            int before = descriptors();

            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                done.add(clients.submit(() -> {
                    for (int i = 0; i < PER_CLIENT; i++) {
                        int port = ports.get(i % ports.size());
                        if (i % 2 == 0) {
                            abruptHandshake(context, port);
                        } else {
                            Tls.presented(port);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : done) {
                client.get(2, TimeUnit.MINUTES);
            }
            clients.shutdown();

            int pipesAfter = settledPipes(pipesBefore);
            System.out.println("TLS engine " + TlsListeners.engine() + ": pipes " + pipesBefore + " -> " + pipesAfter
                    + ", descriptors " + before + " -> " + descriptors() + " after " + CLIENTS * PER_CLIENT
                    + " handshakes");
            assertThat(pipesAfter)
                    .as("pipes after %d handshakes, engine %s", CLIENTS * PER_CLIENT, TlsListeners.engine())
                    .isLessThanOrEqualTo(pipesBefore);
            assertThat(descriptors()).isLessThanOrEqualTo(before + 8);
        }
    }
}
