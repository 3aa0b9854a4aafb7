package io.certwiz.server.tls;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counters the listeners keep for /metrics: failed handshakes, and certificate swaps. */
public final class ListenerMetrics {
    private final Map<String, AtomicLong> handshakeFailures = new ConcurrentHashMap<>();
    private final AtomicLong swaps = new AtomicLong();
    private final AtomicLong swapFailures = new AtomicLong();

    void handshakeFailed(String listener) {
        handshakeFailures.computeIfAbsent(listener, k -> new AtomicLong()).incrementAndGet();
    }

    public long handshakeFailures(String listener) {
        AtomicLong count = handshakeFailures.get(listener);
        return count == null ? 0 : count.get();
    }

    void swapped() {
        swaps.incrementAndGet();
    }

    void swapFailed() {
        swapFailures.incrementAndGet();
    }

    public long swaps() {
        return swaps.get();
    }

    public long swapFailures() {
        return swapFailures.get();
    }
}
