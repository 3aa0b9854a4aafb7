package io.certwiz.server;

import io.certwiz.server.api.ApiRoutes;
import io.certwiz.server.tls.ListenerStatus;
import io.certwiz.server.tls.TlsListeners;
import io.certwiz.usage.Usage;
import io.javalin.Javalin;
import java.util.List;

/** What the server tests in other packages need from package-private server code. */
public final class ServerTestAccess {
    private ServerTestAccess() {}

    /** One route as ApiRoutes registers it. */
    public record Route(String method, String path) {}

    /** Every route ApiRoutes installs, read from Javalin's router (not from a list kept by hand). */
    public static List<Route> apiRoutes() {
        Javalin app = Javalin.create(config -> ApiRoutes.install(config, null));
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(p -> new Route(p.endpoint.method.name(), p.endpoint.path))
                .filter(r -> !r.path().endsWith("/*"))
                .toList();
    }

    /** Every route a running server's listener answers, read from its Javalin router. */
    public static List<Route> routes(CertwizServer server, Usage usage) {
        return server.app(usage).unsafe.internalRouter.allHttpHandlers().stream()
                .map(p -> new Route(p.endpoint.method.name(), p.endpoint.path))
                .toList();
    }

    /** The TLS side of a running server's listeners. */
    public static TlsListeners listeners(CertwizServer server) {
        return server.listeners();
    }

    /** The thumbprint the watcher says a listener presents. */
    public static String presentedThumbprint(CertwizServer server, Usage usage) {
        ListenerStatus status = server.listeners().status(usage);
        return status == null ? null : status.thumbprint();
    }

    /** Why the last swap of a listener failed, or null. */
    public static String swapError(CertwizServer server, Usage usage) {
        ListenerStatus status = server.listeners().status(usage);
        return status == null ? null : status.error();
    }

    public static long maxRequestBytes() {
        return CertwizServer.MAX_REQUEST_BYTES;
    }

    public static int maxFailedLogins() {
        return LoginThrottle.MAX_FAILURES;
    }
}
