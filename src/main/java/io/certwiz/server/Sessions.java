package io.certwiz.server;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Browser sessions after login, each with its own CSRF token and the generation of the admin token it
 * was made with: a new token ends it. Kept in memory: a restart logs out.
 */
final class Sessions {
    static final String COOKIE = "certwiz_session";
    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration ABSOLUTE = Duration.ofHours(8);
    private static final SecureRandom RANDOM = new SecureRandom();

    static final class Session {
        final String id;
        final String csrfToken;
        final Instant created;
        final String tokenGeneration;
        volatile Instant lastSeen;

        Session(String id, String csrfToken, Instant created, String tokenGeneration) {
            this.id = id;
            this.csrfToken = csrfToken;
            this.created = created;
            this.tokenGeneration = tokenGeneration;
            this.lastSeen = created;
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    Sessions(Clock clock) {
        this.clock = clock;
    }

    /** A new session, made with the admin token of {@code tokenGeneration}. */
    Session create(String tokenGeneration) {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> expired(s, now));
        Session session = new Session(random(), random(), now, tokenGeneration);
        sessions.put(session.id, session);
        return session;
    }

    /**
     * The session {@code id} names, or null when there is none, it expired, or it was made with another
     * admin token than the current one ({@code currentGeneration}: asked only for a live session).
     */
    Session find(String id, Supplier<Optional<String>> currentGeneration) {
        if (id == null) {
            return null;
        }
        Session session = sessions.get(id);
        Instant now = clock.instant();
        if (session == null
                || expired(session, now)
                || !currentGeneration.get().map(session.tokenGeneration::equals).orElse(false)) {
            if (session != null) {
                sessions.remove(id);
            }
            return null;
        }
        session.lastSeen = now;
        return session;
    }

    void end(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    private static boolean expired(Session session, Instant now) {
        return now.isAfter(session.lastSeen.plus(IDLE)) || now.isAfter(session.created.plus(ABSOLUTE));
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
