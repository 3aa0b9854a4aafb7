package io.certwiz.acme.client;

import io.certwiz.store.DataDirectory;
import io.certwiz.store.Store;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The running server's side of answering challenges for certwiz's own ACME requests: while a listener
 * that answers a challenge type runs, the server marks itself up for it ({@link ServerPresence}), so
 * that {@code certwiz request --ca ACME-CA} without {@code --responder} publishes its answers in the
 * store ({@link StoreResponder}) for the server to give.
 */
public final class ServerResponders {
    public static final String HTTP01_PATH = "/.well-known/acme-challenge/";

    private ServerResponders() {}

    /** Adds {@code GET /.well-known/acme-challenge/{token}} to a plain-HTTP listener. */
    public static void installHttp01(
            JavalinConfig config, Store store, AcmeClientRecords records, Clock clock, DataDirectory data) {
        config.routes.get(HTTP01_PATH + "{token}", ctx -> {
            String token = ctx.pathParam("token");
            String answer = store.read(tx -> records.http01Answer(tx, token, clock.instant()))
                    .orElse(null);
            if (answer == null) {
                ctx.status(HttpStatus.NOT_FOUND).contentType("text/plain").result("no such challenge\n");
            } else {
                ctx.contentType("text/plain").result(answer);
            }
        });
        markUpWhileRunning(config, data, ChallengeType.HTTP_01);
    }

    /** Marks the server up for {@code type} from the listener's start to its stop. */
    public static void markUpWhileRunning(JavalinConfig config, DataDirectory data, ChallengeType type) {
        AtomicReference<ServerPresence> presence = new AtomicReference<>();
        config.events.serverStarted(() -> presence.set(ServerPresence.hold(data, type)));
        config.events.serverStopped(() -> {
            ServerPresence held = presence.getAndSet(null);
            if (held != null) {
                held.close();
            }
        });
    }
}
