package io.certwiz.acme.server;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replay-Nonce values (RFC 8555 6.5): random, single use, valid for a while, kept in this process only.
 * For a server alone on its SQLite store; a pool on PostgreSQL uses {@link StoreNonces}.
 */
final class Nonces implements ReplayNonces {
    private static final SecureRandom RANDOM = new SecureRandom();
    static final Duration LIFETIME = Duration.ofMinutes(30);
    static final int MAX_OUTSTANDING = 200_000;

    private final Map<String, Long> outstanding = new ConcurrentHashMap<>();
    private final Clock clock;

    Nonces(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String next() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long now = clock.millis();
        if (outstanding.size() >= MAX_OUTSTANDING) {
            prune(now);
        }
        outstanding.put(nonce, now + LIFETIME.toMillis());
        return nonce;
    }

    @Override
    public boolean consume(String nonce) {
        if (nonce == null || nonce.isEmpty() || nonce.length() > 64) {
            return false;
        }
        Long expires = outstanding.remove(nonce);
        return expires != null && expires > clock.millis();
    }

    int outstanding() {
        return outstanding.size();
    }

    private void prune(long now) {
        outstanding.values().removeIf(expires -> expires <= now);
        // Still full of live nonces (a flood of HEAD requests): drop arbitrary ones; their holders retry.
        Iterator<String> keys = outstanding.keySet().iterator();
        while (outstanding.size() >= MAX_OUTSTANDING && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }
}
