package io.certwiz.server.api;

import io.certwiz.Certwiz;
import io.javalin.http.Context;

/** What the REST API needs from the site it is installed in. */
public interface ApiSite {
    /** The services for this request, recording its caller in the audit log. */
    Certwiz certwiz(Context ctx);

    /** Makes the listeners present what the store now assigns, at once. */
    void refresh();

    /** Renewal for this request's caller, what is served verified by the running listeners. */
    io.certwiz.renewal.RenewalService renewals(Context ctx);
}
