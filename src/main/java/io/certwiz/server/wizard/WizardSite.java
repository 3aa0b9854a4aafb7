package io.certwiz.server.wizard;

import io.certwiz.Certwiz;
import io.certwiz.server.tls.ListenerStatus;
import io.certwiz.usage.Usage;
import io.javalin.http.Context;

/** What the web wizard needs from the site it is installed in. */
public interface WizardSite {
    /** The services for this request, recording its caller in the audit log. */
    Certwiz certwiz(Context ctx);

    /** The CSRF token of this request's browser session, or "" when it has none. */
    String csrfToken(Context ctx);

    /** The id of this request's browser session, or null for a bearer token. */
    String sessionId(Context ctx);

    /** Makes the listeners present what the store now assigns, at once. */
    void refresh();

    /** How the listener of a usage stands, or null when it has not loaded a certificate yet. */
    ListenerStatus listener(Usage usage);

    /** What the listener of a usage staples, or null when its certificate names no OCSP responder. */
    io.certwiz.server.tls.StapleStatus stapling(Usage usage);

    /** The port the listener of a usage is bound to. */
    int port(Usage usage);
}
