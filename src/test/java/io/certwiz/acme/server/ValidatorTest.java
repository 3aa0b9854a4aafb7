package io.certwiz.acme.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ACME validator against small servers on loopback that misbehave: they trickle bytes, hold
 * connections, send broken chunked bodies or echo internal data. Each validation ends within its
 * deadline with a one-line problem that repeats neither the target's body nor its address.
 */
class ValidatorTest {
    static final String NAME = "v.acme.test";
    static final String TOKEN = "tok-0123456789";
    static final String KEY_AUTHORIZATION = TOKEN + ".thumbprint-abc";

    @TempDir
    Path dir;

    Path hostsFile;

    @BeforeEach
    void hosts() throws IOException {
        hostsFile = dir.resolve("validation-hosts");
        Files.writeString(hostsFile, "127.0.0.1 " + NAME + "\n");
    }

    Validator validator(int httpPort, int tlsPort, Duration deadline, int maxConcurrent) {
        return new Validator(new ValidationSettings(hostsFile, httpPort, tlsPort), deadline, maxConcurrent);
    }

    Validator.Outcome http01(Validator validator) {
        return validator.validate(Validator.HTTP_01, NAME, TOKEN, KEY_AUTHORIZATION);
    }

    @Test
    void answersFramedEachWayValidate() throws Exception {
        String lengthFramed =
                "HTTP/1.1 200 OK\r\nContent-Length: " + KEY_AUTHORIZATION.length() + "\r\n\r\n" + KEY_AUTHORIZATION;
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4;ext=1\r\n" + KEY_AUTHORIZATION.substring(0, 4) + "\r\n"
                + Integer.toHexString(KEY_AUTHORIZATION.length() - 4) + "\r\n" + KEY_AUTHORIZATION.substring(4)
                + "\r\n0\r\nX-Trailer: 1\r\n\r\n";
        String toTheEnd = "HTTP/1.0 200 OK\r\n\r\n" + KEY_AUTHORIZATION + "\n";
        for (String answer : List.of(lengthFramed, chunked, toTheEnd)) {
            try (Loopback server = new Loopback(answering(answer))) {
                assertThat(http01(validator(server.port(), 1, Duration.ofSeconds(10), 4)))
                        .as(answer)
                        .isEqualTo(Validator.Outcome.ok());
            }
        }
    }

    @Test
    void aTricklingHttpAnswerEndsAtTheDeadline() throws Exception {
        // Each byte comes well within any read timeout, so only an overall deadline stops it.
        try (Loopback server = new Loopback(socket -> {
            readRequest(socket);
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 9000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            trickle(out);
        })) {
            Validator validator = validator(server.port(), 1, Duration.ofMillis(1500), 4);
            assertEndsWithinTheDeadline(() -> http01(validator));
        }
    }

    @Test
    void aTricklingTlsHandshakeEndsAtTheDeadline() throws Exception {
        // The header of a 16 KiB handshake record, then its body one byte at a time.
        try (Loopback server = new Loopback(socket -> {
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {0x16, 0x03, 0x03, 0x40, 0x00});
            trickle(out);
        })) {
            Validator validator = validator(1, server.port(), Duration.ofMillis(1500), 4);
            assertEndsWithinTheDeadline(
                    () -> validator.validate(Validator.TLS_ALPN_01, NAME, TOKEN, KEY_AUTHORIZATION));
        }
    }

    void assertEndsWithinTheDeadline(java.util.function.Supplier<Validator.Outcome> validation) {
        long start = System.nanoTime();
        Validator.Outcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(12), validation::get);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(outcome.valid()).isFalse();
        assertThat(outcome.problemType()).isEqualTo("connection");
        assertThat(outcome.detail()).startsWith("no complete answer within 1500 ms");
        assertThat(tookMs).isBetween(1400L, 6000L);
    }

    @Test
    void atMostTheCapRunAtOnceAndTheRestWaitForASlot() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        String answer =
                "HTTP/1.1 200 OK\r\nContent-Length: " + KEY_AUTHORIZATION.length() + "\r\n\r\n" + KEY_AUTHORIZATION;
        try (Loopback server = new Loopback(socket -> {
            readRequest(socket);
            release.await();
            socket.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
        })) {
            Validator validator = validator(server.port(), 1, Duration.ofSeconds(30), 2);
            List<CompletableFuture<Validator.Outcome>> running = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                running.add(CompletableFuture.supplyAsync(
                        () -> http01(validator), r -> Thread.ofVirtual().start(r)));
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.accepted.get() < 2 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            Thread.sleep(500);
            assertThat(server.accepted.get())
                    .as("connections while two validations hold theirs")
                    .isEqualTo(2);
            release.countDown();
            for (CompletableFuture<Validator.Outcome> each : running) {
                assertThat(each.get(20, TimeUnit.SECONDS)).isEqualTo(Validator.Outcome.ok());
            }
            assertThat(server.accepted.get()).isEqualTo(3);
            assertThat(server.most.get()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "-5\r\nabcde\r\n0\r\n\r\n",
                "7fffffff\r\nabc\r\n0\r\n\r\n",
                "ffffffffff\r\nabc\r\n0\r\n\r\n",
                "zz\r\nabc\r\n0\r\n\r\n",
                "\r\n\r\n",
                "3\r\nabcXY0\r\n\r\n",
                "3\r\nab",
                "0x3\r\nabc\r\n0\r\n\r\n",
            })
    void aBrokenChunkedBodyIsAnIncorrectResponse(String body) throws Exception {
        try (Loopback server =
                new Loopback(answering("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + body))) {
            Validator.Outcome outcome = http01(validator(server.port(), 1, Duration.ofSeconds(10), 4));
            assertThat(outcome.valid()).isFalse();
            assertThat(outcome.problemType()).isEqualTo("incorrectResponse");
            assertThat(outcome.detail())
                    .startsWith("the answer from http://" + NAME + ":" + server.port() + "/.well-known/acme-challenge/"
                            + TOKEN + " is not valid HTTP: ")
                    .doesNotContain("\n");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {",", "", "chunked,", " , "})
    void aTransferEncodingNamingNoCodingLastIsAnIncorrectResponse(String codings) throws Exception {
        // Found by the long fuzz run: "Transfer-Encoding: ," once ended the validation with an index error.
        try (Loopback server = new Loopback(
                answering("HTTP/1.1 200 OK\r\nTransfer-Encoding: " + codings + "\r\n\r\n3\r\nabc\r\n0\r\n\r\n"))) {
            Validator.Outcome outcome = http01(validator(server.port(), 1, Duration.ofSeconds(10), 4));
            assertThat(outcome.valid()).isFalse();
            assertThat(outcome.problemType()).isEqualTo("incorrectResponse");
            assertThat(outcome.detail()).endsWith("is not valid HTTP: the Transfer-Encoding names no coding last");
        }
    }

    @Test
    void problemDetailsRepeatNeitherTheBodyNorTheAddress() throws Exception {
        String secret = "admin console of 10.20.30.40, password hunter2";
        List<Validator.Outcome> outcomes = new ArrayList<>();
        for (String answer : List.of(
                "HTTP/1.1 200 OK\r\nContent-Length: " + secret.length() + "\r\n\r\n" + secret,
                "HTTP/1.1 404 Not Found\r\nContent-Length: " + secret.length() + "\r\n\r\n" + secret,
                "HTTP/1.1 302 Found\r\nLocation: http://10.20.30.40/\r\n\r\n",
                "HTTP/1.1 200 " + secret + "\r\nContent-Length: x" + secret + "\r\n\r\n")) {
            try (Loopback server = new Loopback(answering(answer))) {
                outcomes.add(http01(validator(server.port(), 1, Duration.ofSeconds(10), 4)));
            }
        }
        try (Loopback server = new Loopback(socket -> {
            socket.getInputStream().read(new byte[512]);
            socket.getOutputStream().write((secret + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        })) {
            outcomes.add(validator(1, server.port(), Duration.ofSeconds(10), 4)
                    .validate(Validator.TLS_ALPN_01, NAME, TOKEN, KEY_AUTHORIZATION));
        }
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        outcomes.add(http01(validator(closed, 1, Duration.ofSeconds(10), 4)));
        outcomes.add(validator(closed, 1, Duration.ofSeconds(10), 4)
                .validate(Validator.HTTP_01, "missing.acme.test", TOKEN, KEY_AUTHORIZATION));

        assertThat(outcomes).allSatisfy(outcome -> {
            assertThat(outcome.valid()).isFalse();
            assertThat(outcome.detail())
                    .doesNotContain("hunter2", "10.20.30.40", "127.0.0.1", hostsFile.toString())
                    .doesNotContain("\n");
        });
        assertThat(outcomes)
                .extracting(Validator.Outcome::problemType)
                .containsExactly(
                        "incorrectResponse",
                        "incorrectResponse",
                        "incorrectResponse",
                        "incorrectResponse",
                        "tls",
                        "connection",
                        "dns");
        assertThat(outcomes.get(1).detail()).endsWith("was HTTP 404");
        assertThat(outcomes.get(2).detail()).endsWith("was HTTP 302; redirects are not followed");
        assertThat(outcomes.get(5).detail()).startsWith("the connection was refused");
        assertThat(outcomes.get(6).detail()).isEqualTo("cannot resolve missing.acme.test");
    }

    // --- small loopback servers

    interface Handler {
        void handle(Socket socket) throws IOException, InterruptedException;
    }

    static Handler answering(String response) {
        return socket -> {
            readRequest(socket);
            socket.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
        };
    }

    /** Reads the request's head, so that closing the socket afterwards does not reset the connection. */
    static void readRequest(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    /** One byte every 100 ms until the client goes away. */
    static void trickle(OutputStream out) throws IOException, InterruptedException {
        while (true) {
            Thread.sleep(100);
            out.write('a');
            out.flush();
        }
    }

    /** Accepts connections on loopback, each handled on its own thread, counting those open at once. */
    static final class Loopback implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();

        Loopback(Handler handler) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket client = socket.accept();
                        accepted.incrementAndGet();
                        most.accumulateAndGet(open.incrementAndGet(), Math::max);
                        Thread.ofVirtual().start(() -> serve(client, handler));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void serve(Socket client, Handler handler) {
            try (client) {
                handler.handle(client);
            } catch (IOException | InterruptedException e) {
                // the validator hung up
            } finally {
                open.decrementAndGet();
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
