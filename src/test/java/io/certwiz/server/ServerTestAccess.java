package io.certwiz.server;

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

    /** The thumbprint the watcher says a listener presents. */
    public static String presentedThumbprint(CertwizServer server, Usage usage) {
        CredentialWatcher.Status status = server.context().watcher().status(usage);
        return status == null ? null : status.thumbprint();
    }

    /** Why the last swap of a listener failed, or null. */
    public static String swapError(CertwizServer server, Usage usage) {
        CredentialWatcher.Status status = server.context().watcher().status(usage);
        return status == null ? null : status.error();
    }

    /** "conscrypt" or "jdk": the TLS engine the listeners use in this JVM. */
    public static String tlsEngine() {
        return TlsContexts.engine();
    }

    /** The class of the private key a listener hands its TLS engine (native for Conscrypt). */
    public static String presentedKeyClass(CertwizServer server, Usage usage) {
        return server.keyManagerFor(usage).current().key().getClass().getName();
    }

    public static long maxRequestBytes() {
        return CertwizServer.MAX_REQUEST_BYTES;
    }

    public static int maxFailedLogins() {
        return LoginThrottle.MAX_FAILURES;
    }
}
