package io.certwiz.revocation.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.SingleResp;

/**
 * A small OCSP load client for BENCHMARKS.md, not a test: N threads POST DER OCSP requests (the {@code
 * *.der} files of a directory, round robin) to one responder for a fixed time, each over a new TCP
 * connection ({@code close}) or one kept-alive connection per thread ({@code keep-alive}), and it prints
 * responses per second with the median and 99th-percentile time ({@code total}: every response, the first
 * two seconds' too, which are not counted). Before counting, it checks one answer
 * per request: a successful response saying good. Loopback only.
 *
 * <pre>OcspLoadClient HOST PORT PATH REQUEST-DIR LABEL close|keep-alive SECONDS THREADS[,THREADS...]</pre>
 */
public final class OcspLoadClient {
    private OcspLoadClient() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 8) {
            System.err.println(
                    "usage: OcspLoadClient HOST PORT PATH REQUEST-DIR LABEL close|keep-alive SECONDS THREADS[,...]");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String path = args[2];
        List<byte[]> requests = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(args[3]))) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".der")).sorted().toList()) {
                requests.add(Files.readAllBytes(file));
            }
        }
        String label = args[4];
        boolean keepAlive = args[5].equals("keep-alive");
        int seconds = Integer.parseInt(args[6]);
        if (requests.isEmpty() || seconds < 1 || seconds > 600) {
            throw new IllegalArgumentException("no requests, or SECONDS not in 1..600");
        }
        for (byte[] request : requests) {
            try (Connection connection = new Connection(host, port, path, false)) {
                checkGood(connection.post(request));
            }
        }
        for (String level : args[7].split(",")) {
            run(host, port, path, requests, label, keepAlive, seconds, Integer.parseInt(level));
        }
    }

    private static void run(
            String host,
            int port,
            String path,
            List<byte[]> requests,
            String label,
            boolean keepAlive,
            int seconds,
            int threads)
            throws InterruptedException {
        long start = System.nanoTime();
        long countFrom = start + 2_000_000_000L;
        long end = countFrom + seconds * 1_000_000_000L;
        AtomicLong errors = new AtomicLong();
        AtomicLong total = new AtomicLong();
        List<List<Long>> times = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            List<Long> mine = new ArrayList<>();
            times.add(mine);
            int offset = t;
            Thread.ofPlatform().start(() -> {
                Connection connection = null;
                int i = offset;
                try {
                    while (System.nanoTime() < end) {
                        byte[] request = requests.get(i++ % requests.size());
                        long begin = System.nanoTime();
                        try {
                            if (connection == null) {
                                connection = new Connection(host, port, path, keepAlive);
                            }
                            byte[] response = connection.post(request);
                            if (response.length < 16 || response[0] != 0x30) {
                                throw new IOException("not a DER OCSP response");
                            }
                            if (!keepAlive) {
                                connection.close();
                                connection = null;
                            }
                            long finished = System.nanoTime();
                            total.incrementAndGet();
                            if (begin >= countFrom && finished <= end) {
                                mine.add(finished - begin);
                            }
                        } catch (IOException e) {
                            errors.incrementAndGet();
                            if (connection != null) {
                                connection.close();
                                connection = null;
                            }
                        }
                    }
                } finally {
                    if (connection != null) {
                        connection.close();
                    }
                    done.countDown();
                }
            });
        }
        done.await();
        List<Long> all = new ArrayList<>();
        times.forEach(all::addAll);
        Collections.sort(all);
        double perSecond = all.size() / (double) seconds;
        System.out.printf(
                Locale.ROOT,
                "RESULT %s %s threads=%d responses=%d per_second=%.1f median_ms=%.2f p99_ms=%.2f errors=%d total=%d%n",
                label,
                keepAlive ? "keep-alive" : "close",
                threads,
                all.size(),
                perSecond,
                percentile(all, 0.50),
                percentile(all, 0.99),
                errors.get(),
                total.get());
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size()))) / 1e6;
    }

    private static void checkGood(byte[] der) throws Exception {
        OCSPResp response = new OCSPResp(der);
        if (response.getStatus() != OCSPResp.SUCCESSFUL) {
            throw new IllegalStateException("the responder answered status " + response.getStatus());
        }
        for (SingleResp single : ((BasicOCSPResp) response.getResponseObject()).getResponses()) {
            if (single.getCertStatus() != null) {
                throw new IllegalStateException("the responder does not say good: " + single.getCertStatus());
            }
        }
    }

    /** One HTTP/1.1 connection: POST, read the status line, headers and a Content-Length (or closed) body. */
    private static final class Connection implements AutoCloseable {
        private final Socket socket = new Socket();
        private final InputStream in;
        private final OutputStream out;
        private final String head;

        Connection(String host, int port, String path, boolean keepAlive) throws IOException {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            in = new java.io.BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
            head = "POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nContent-Type: application/ocsp-request\r\n"
                    + (keepAlive ? "" : "Connection: close\r\n") + "Content-Length: ";
        }

        byte[] post(byte[] body) throws IOException {
            out.write((head + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String status = line();
            if (!status.matches("HTTP/1\\.[01] 200.*")) {
                throw new IOException("status " + status);
            }
            int length = -1;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                if (colon > 0 && header.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                    length = Integer.parseInt(header.substring(colon + 1).trim());
                }
            }
            if (length >= 0) {
                return in.readNBytes(length);
            }
            return in.readAllBytes();
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("the connection closed");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closed either way
            }
        }
    }
}
