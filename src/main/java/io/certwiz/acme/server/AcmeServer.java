package io.certwiz.acme.server;

import io.certwiz.CertwizException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.nio.file.Files;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The embedded CA's ACME server (RFC 8555) under {@code /acme/} on the WebServicesExternal listener:
 * the directory and nonces here, then {@link Accounts} (with external account binding), {@link Orders}
 * (finalize and certificate download), {@link Authorizations} (http-01 and tls-alpn-01 validation),
 * {@link Revocations} and renewal information (RFC 9773, {@link RenewalInfoRoute}), each request verified
 * by {@link SignedRequests}. Its URLs carry the configured external name. Every refused request is
 * answered with an RFC 8555 problem document and changes nothing.
 */
public final class AcmeServer {
    public static final String DIRECTORY = "/acme/directory";
    static final String NEW_NONCE = "/acme/new-nonce";
    static final String NEW_ACCOUNT = "/acme/new-account";
    static final String NEW_ORDER = "/acme/new-order";
    static final String REVOKE_CERT = "/acme/revoke-cert";
    static final String KEY_CHANGE = "/acme/key-change";
    static final String ACCOUNT = "/acme/acct/";
    static final String ORDER = "/acme/order/";
    static final String AUTHZ = "/acme/authz/";
    static final String CHALLENGE = "/acme/chall/";
    static final String CERTIFICATE = "/acme/cert/";

    private final AcmeServerStorage storage;
    private final EabService eab;
    private final AcmeHttp http;
    private final Accounts accounts;
    private final Orders orders;
    private final Authorizations authorizations;
    private final Revocations revocations;
    private final RenewalInfoRoute renewalInfo;

    /**
     * The server over {@code storage}, issuing from {@code issuer}. Its URLs are {@code https://}, the
     * server identity's external name and {@code externalPort} (the WebServicesExternal listener's, read
     * at the first request).
     */
    public AcmeServer(
            AcmeServerStorage storage,
            AcmeIssuer issuer,
            ReplayNonces nonces,
            EabService eab,
            ValidationSettings validation,
            IntSupplier externalPort,
            Clock clock) {
        if (validation.hostsFile() != null && !Files.isReadable(validation.hostsFile())) {
            throw CertwizException.notFound(
                    "the ACME validation hosts file " + validation.hostsFile() + " cannot be read");
        }
        this.storage = storage;
        this.eab = eab;
        GroupCommit writes = new GroupCommit(storage.store());
        SignedRequests requests = new SignedRequests(storage, nonces);
        this.http = new AcmeHttp(nonces, new ExternalBase(storage, externalPort));
        this.accounts = new Accounts(storage, writes, requests, eab, clock);
        this.orders = new Orders(storage, writes, requests, issuer, clock);
        this.authorizations = new Authorizations(storage, writes, requests, new Validator(validation), clock);
        this.revocations = new Revocations(storage, writes, requests, issuer, clock);
        this.renewalInfo = new RenewalInfoRoute(storage);
    }

    /** Adds the ACME routes to a listener's configuration. */
    public void install(JavalinConfig config) {
        var routes = config.routes;
        routes.get(DIRECTORY, http.endpoint(this::directory));
        routes.head(NEW_NONCE, http.endpoint((ctx, base) -> ctx.status(200)));
        routes.get(NEW_NONCE, http.endpoint((ctx, base) -> ctx.status(204)));
        routes.post(NEW_ACCOUNT, http.endpoint(accounts::newAccount));
        routes.post(ACCOUNT + "{id}", http.endpoint(accounts::account));
        routes.post(ACCOUNT + "{id}/orders", http.endpoint(accounts::orders));
        routes.post(KEY_CHANGE, http.endpoint(accounts::keyChange));
        routes.post(NEW_ORDER, http.endpoint(orders::newOrder));
        routes.post(ORDER + "{id}", http.endpoint(orders::order));
        routes.post(ORDER + "{id}/finalize", http.endpoint(orders::finalizeOrder));
        routes.post(CERTIFICATE + "{id}", http.endpoint(orders::certificate));
        routes.post(AUTHZ + "{id}", http.endpoint(authorizations::authorization));
        routes.post(CHALLENGE + "{id}/{type}", http.endpoint(authorizations::challenge));
        routes.post(REVOKE_CERT, http.endpoint(revocations::revoke));
        routes.get(RenewalInfoRoute.PATH + "/{id}", http.endpoint(renewalInfo::handle));
    }

    private void directory(Context ctx, String base) {
        boolean eabRequired = storage.store().read(eab::required);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("externalAccountRequired", eabRequired);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("newNonce", base + NEW_NONCE);
        body.put("newAccount", base + NEW_ACCOUNT);
        body.put("newOrder", base + NEW_ORDER);
        body.put("revokeCert", base + REVOKE_CERT);
        body.put("keyChange", base + KEY_CHANGE);
        body.put("renewalInfo", base + RenewalInfoRoute.PATH);
        body.put("meta", meta);
        AcmeHttp.sendJson(ctx, 200, body);
    }
}
