package io.certwiz.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counters the server keeps for /metrics. */
final class ServerMetrics {
    private final Map<String, AtomicLong> handshakeFailures = new ConcurrentHashMap<>();
    private final AtomicLong swaps = new AtomicLong();
    private final AtomicLong swapFailures = new AtomicLong();

    void handshakeFailed(String listener) {
        handshakeFailures.computeIfAbsent(listener, k -> new AtomicLong()).incrementAndGet();
    }

    long handshakeFailures(String listener) {
        AtomicLong count = handshakeFailures.get(listener);
        return count == null ? 0 : count.get();
    }

    void swapped() {
        swaps.incrementAndGet();
    }

    void swapFailed() {
        swapFailures.incrementAndGet();
    }

    long swaps() {
        return swaps.get();
    }

    long swapFailures() {
        return swapFailures.get();
    }
}
