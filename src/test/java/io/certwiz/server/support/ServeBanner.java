package io.certwiz.server.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code certwiz serve} prints as it starts, read by the tests that run it as a process: one
 * {@code https://127.0.0.1:PORT/} line per listener, Default, WebServicesInternal, WebServicesExternal.
 */
public final class ServeBanner {
    private static final Pattern URL = Pattern.compile("https://127\\.0\\.0\\.1:(\\d+)/");
    public static final int LISTENERS = 3;

    private ServeBanner() {}

    /** Every listener port in {@code text}, in the order printed. */
    public static List<Integer> ports(String text) {
        List<Integer> ports = new ArrayList<>();
        Matcher m = URL.matcher(text);
        while (m.find()) {
            ports.add(Integer.parseInt(m.group(1)));
        }
        return ports;
    }

    /**
     * Takes serve's output lines from {@code lines}, each appended to {@code seen} and given to {@code each},
     * until the three listeners' ports were printed; an AssertionError showing what was seen after {@code
     * timeout}.
     */
    public static List<Integer> awaitPorts(
            BlockingQueue<String> lines, StringBuilder seen, Duration timeout, Consumer<String> each)
            throws InterruptedException {
        List<Integer> ports = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ports.size() < LISTENERS && System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line == null) {
                continue;
            }
            seen.append(line).append('\n');
            each.accept(line);
            ports.addAll(ports(line));
        }
        if (ports.size() < LISTENERS) {
            throw new AssertionError(
                    "certwiz serve did not print its " + LISTENERS + " listeners within " + timeout + ":\n" + seen);
        }
        return ports;
    }
}
