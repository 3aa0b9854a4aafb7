package io.certwiz.revocation;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fetcher that remembers, for {@link #FOR}, each URL whose fetch failed (no connection, a timeout, an
 * HTTP error), and does not ask it again meanwhile: an unreachable distribution point or responder then
 * costs one connect timeout per ten minutes, not one per check (the renewal pass checks every assigned
 * certificate at each run). The refusal names the failure and when the URL is asked again; a fetch that
 * succeeds forgets it.
 */
public final class UnreachableMemory implements Fetcher {
    static final Duration FOR = Duration.ofMinutes(10);
    static final int MAX_REMEMBERED = 1024;

    private record Failure(Instant at, String reason) {}

    private final Fetcher fetcher;
    private final Clock clock;
    private final Map<URI, Failure> failures = new ConcurrentHashMap<>();

    public UnreachableMemory(Fetcher fetcher, Clock clock) {
        this.fetcher = fetcher;
        this.clock = clock;
    }

    @Override
    public byte[] get(URI uri, int maxBytes) throws IOException {
        refuseIfRemembered(uri);
        try {
            byte[] body = fetcher.get(uri, maxBytes);
            failures.remove(uri);
            return body;
        } catch (IOException e) {
            remember(uri, e);
            throw e;
        }
    }

    @Override
    public byte[] post(URI uri, String contentType, byte[] body, int maxBytes) throws IOException {
        refuseIfRemembered(uri);
        try {
            byte[] answer = fetcher.post(uri, contentType, body, maxBytes);
            failures.remove(uri);
            return answer;
        } catch (IOException e) {
            remember(uri, e);
            throw e;
        }
    }

    private void refuseIfRemembered(URI uri) throws IOException {
        Failure failure = failures.get(uri);
        if (failure == null) {
            return;
        }
        Instant again = failure.at().plus(FOR);
        if (clock.instant().isBefore(again)) {
            throw new IOException(
                    "unreachable at " + failure.at() + " (" + failure.reason() + "); asked again after " + again);
        }
        failures.remove(uri, failure);
    }

    private void remember(URI uri, IOException e) {
        if (failures.size() >= MAX_REMEMBERED) {
            failures.clear();
        }
        failures.put(uri, new Failure(clock.instant(), e.getMessage() == null ? e.toString() : e.getMessage()));
    }
}
