package io.certwiz.server;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Browser sessions after login, each with its own CSRF token. Kept in memory: a restart logs out. */
final class Sessions {
    static final String COOKIE = "certwiz_session";
    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration ABSOLUTE = Duration.ofHours(8);
    private static final SecureRandom RANDOM = new SecureRandom();

    static final class Session {
        final String id;
        final String csrfToken;
        final Instant created;
        volatile Instant lastSeen;

        Session(String id, String csrfToken, Instant created) {
            this.id = id;
            this.csrfToken = csrfToken;
            this.created = created;
            this.lastSeen = created;
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    Sessions(Clock clock) {
        this.clock = clock;
    }

    Session create() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> expired(s, now));
        Session session = new Session(random(), random(), now);
        sessions.put(session.id, session);
        return session;
    }

    Session find(String id) {
        if (id == null) {
            return null;
        }
        Session session = sessions.get(id);
        Instant now = clock.instant();
        if (session == null || expired(session, now)) {
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
