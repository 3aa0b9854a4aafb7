package io.certwiz.acme.client;

import io.certwiz.Certwiz;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpStatus;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The running server's side of answering challenges: {@link #install} adds
 * {@code GET /.well-known/acme-challenge/{token}} to a listener (serving what {@link StoreResponder}
 * published) and marks the server up while that listener runs, so that {@code certwiz request --ca
 * ACME-CA} without {@code --responder} lets the server answer http-01.
 */
public final class ServerResponders {
    public static final String HTTP01_PATH = "/.well-known/acme-challenge/";

    private ServerResponders() {}

    public static void install(JavalinConfig config, Certwiz certwiz) {
        config.routes.get(HTTP01_PATH + "{token}", ctx -> {
            String token = ctx.pathParam("token");
            String answer = certwiz.store()
                    .read(tx -> tx.acmeChallenge(token, certwiz.clock().instant()))
                    .orElse(null);
            if (answer == null) {
                ctx.status(HttpStatus.NOT_FOUND).contentType("text/plain").result("no such challenge\n");
            } else {
                ctx.contentType("text/plain").result(answer);
            }
        });
        AtomicReference<ServerPresence> presence = new AtomicReference<>();
        config.events.serverStarted(() -> presence.set(ServerPresence.hold(certwiz.data())));
        config.events.serverStopped(() -> {
            ServerPresence held = presence.getAndSet(null);
            if (held != null) {
                held.close();
            }
        });
    }
}
