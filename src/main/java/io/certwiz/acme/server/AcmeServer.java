package io.certwiz.acme.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import io.certwiz.Certwiz;
import io.certwiz.CertwizException;
import io.certwiz.ca.EmbeddedCa;
import io.certwiz.ca.IssuedRecord;
import io.certwiz.crypto.Providers;
import io.certwiz.store.Dialect;
import io.certwiz.store.SqlStore;
import io.certwiz.store.Store;
import io.certwiz.store.Transaction;
import io.certwiz.usage.Usage;
import io.certwiz.x509.CertificateReader;
import io.certwiz.x509.KeyType;
import io.certwiz.x509.Pem;
import io.certwiz.x509.SubjectAltName;
import io.certwiz.x509.Thumbprint;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded CA's ACME server (RFC 8555) under {@code /acme/} on the WebServicesExternal listener:
 * directory, nonces, accounts with optional external account binding, orders, authorizations with
 * http-01 and tls-alpn-01 challenges, finalize, certificate download, revocation, key rollover, account
 * deactivation and renewal information (RFC 9773, {@link RenewalInfoRoute}). Every refused request is
 * answered with an RFC 8555 problem document and changes nothing.
 */
public final class AcmeServer {
    private static final Logger LOG = LoggerFactory.getLogger(AcmeServer.class);

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

    /** Larger bodies are refused: an ACME request is a few kilobytes. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    static final int MAX_IDENTIFIERS = 100;
    static final Duration ORDER_LIFETIME = Duration.ofDays(7);
    /** A challenge response waits this long for its validation, so that most clients never poll. */
    static final long VALIDATION_WAIT_MS = 2_000;

    static final Set<Integer> REVOCATION_REASONS = Set.of(0, 1, 3, 4, 5, 9);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Certwiz certwiz;
    private final Store store;
    /** Every change goes through here: concurrent requests share commits. */
    private final GroupCommit writes;

    private final ReplayNonces nonces;
    private final Validator validator;
    private final ExecutorService validations = Executors.newVirtualThreadPerTaskExecutor();
    /** Authorization id to its validation under way (this process). */
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();

    private volatile EabService eab;

    /** A validation under way; it completes with the authorization as stored afterwards. */
    private record InFlight(String type, CompletableFuture<AcmeAuthorization> done) {}

    private AcmeServer(Certwiz certwiz, ValidationSettings settings) {
        if (settings.hostsFile() != null && !java.nio.file.Files.isReadable(settings.hostsFile())) {
            throw CertwizException.notFound(
                    "the ACME validation hosts file " + settings.hostsFile() + " cannot be read");
        }
        this.certwiz = certwiz;
        this.store = certwiz.store();
        this.writes = new GroupCommit(store);
        // A pool shares a PostgreSQL store: any of its servers must accept the others' nonces.
        this.nonces = store instanceof SqlStore sql && sql.dialect() == Dialect.POSTGRESQL
                ? new StoreNonces(store, certwiz.data()::readMasterKey, certwiz.clock())
                : new Nonces();
        this.validator = new Validator(settings);
    }

    /** Adds the ACME routes to a listener's configuration. */
    public static AcmeServer install(JavalinConfig config, Certwiz certwiz, ValidationSettings settings) {
        AcmeServer server = new AcmeServer(certwiz, settings == null ? ValidationSettings.defaults() : settings);
        var routes = config.routes;
        routes.get(DIRECTORY, server.endpoint(server::directory));
        routes.head(NEW_NONCE, server.endpoint((ctx, base) -> ctx.status(200)));
        routes.get(NEW_NONCE, server.endpoint((ctx, base) -> ctx.status(204)));
        routes.post(NEW_ACCOUNT, server.endpoint(server::newAccount));
        routes.post(ACCOUNT + "{id}", server.endpoint(server::account));
        routes.post(ACCOUNT + "{id}/orders", server.endpoint(server::orders));
        routes.post(NEW_ORDER, server.endpoint(server::newOrder));
        routes.post(ORDER + "{id}", server.endpoint(server::order));
        routes.post(ORDER + "{id}/finalize", server.endpoint(server::finalizeOrder));
        routes.post(AUTHZ + "{id}", server.endpoint(server::authorization));
        routes.post(CHALLENGE + "{id}/{type}", server.endpoint(server::challenge));
        routes.post(CERTIFICATE + "{id}", server.endpoint(server::certificate));
        routes.post(REVOKE_CERT, server.endpoint(server::revoke));
        routes.post(KEY_CHANGE, server.endpoint(server::keyChange));
        routes.get(RenewalInfoRoute.PATH + "/{id}", server.endpoint(new RenewalInfoRoute(server.store)::handle));
        return server;
    }

    // --- plumbing

    @FunctionalInterface
    private interface Endpoint {
        void handle(Context ctx, String base) throws Exception;
    }

    private Handler endpoint(Endpoint endpoint) {
        return ctx -> {
            String base = base(ctx);
            ctx.header("Replay-Nonce", nonces.next());
            ctx.header("Cache-Control", "no-store");
            ctx.res().addHeader("Link", "<" + base + DIRECTORY + ">;rel=\"index\"");
            try {
                endpoint.handle(ctx, base);
            } catch (AcmeProblem problem) {
                send(ctx, problem);
            } catch (CertwizException e) {
                LOG.warn("ACME request {} {} failed: {}", ctx.method(), ctx.path(), e.getMessage());
                send(ctx, AcmeProblem.serverInternal(e.getMessage()));
            } catch (Exception e) {
                LOG.error("ACME request {} {} failed", ctx.method(), ctx.path(), e);
                send(
                        ctx,
                        AcmeProblem.serverInternal(
                                "the server failed: " + e.getClass().getSimpleName()));
            }
        };
    }

    private static void send(Context ctx, AcmeProblem problem) {
        problem.headers().forEach(ctx::header);
        ctx.status(problem.status());
        ctx.contentType("application/problem+json");
        ctx.result(json(problem.document()));
    }

    private static void sendJson(Context ctx, int status, Object body) {
        ctx.status(status);
        ctx.contentType("application/json");
        ctx.result(json(body));
    }

    private static byte[] json(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The scheme and authority the client used; request URLs are checked against it. */
    static String base(Context ctx) {
        String host = ctx.header("Host");
        if (host == null || !host.matches("[A-Za-z0-9.-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+](:[0-9]{1,5})?")) {
            String local = ctx.req().getLocalAddr();
            host = (local.contains(":") ? "[" + local + "]" : local) + ":"
                    + ctx.req().getLocalPort();
        }
        return "https://" + host.toLowerCase(Locale.ROOT);
    }

    static String newId(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private enum KeyMode {
        JWK,
        KID,
        EITHER
    }

    /**
     * A POST whose JWS verified, whose URL matched and whose nonce was good, with what the handler asked to
     * read along with the account (one read transaction for both).
     */
    private record Request(Jws.Signed jws, AcmeAccount account, JWK headerKey, String url, Object preloaded) {
        /** The key that signed: the 'jwk' header's, or the account's. */
        JWK key() {
            return headerKey != null ? headerKey : Jws.parseJwk(account.jwk());
        }

        @SuppressWarnings("unchecked")
        <T> T loaded() {
            return (T) preloaded;
        }

        JsonNode payload() {
            return jws.payloadJson();
        }

        boolean postAsGet() {
            return jws.emptyPayload();
        }
    }

    private Request post(Context ctx, String base, KeyMode mode) throws IOException {
        return post(ctx, base, mode, null);
    }

    private Request post(Context ctx, String base, KeyMode mode, Store.Work<?> preload) throws IOException {
        String contentType = ctx.header("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).strip().startsWith("application/jose+json")) {
            throw new AcmeProblem("malformed", 415, "ACME requests are application/jose+json");
        }
        byte[] body = readBody(ctx);
        Jws.Signed jws = Jws.parse(body, Jws.ACCOUNT_ALGORITHMS);
        String url = base + ctx.path();
        AcmeAccount account = null;
        Object preloaded = null;
        JWK key;
        if (jws.jwk() != null) {
            if (mode == KeyMode.KID) {
                throw AcmeProblem.malformed("this request must name its account with 'kid', not carry a 'jwk'");
            }
            Jws.checkAccountKey(jws.jwk());
            key = jws.jwk();
        } else if (jws.kid() != null) {
            if (mode == KeyMode.JWK) {
                throw AcmeProblem.malformed("this request must carry the account's public key as 'jwk', not a 'kid'");
            }
            String id = accountId(base, jws.kid());
            Object[] read = store.read(tx ->
                    new Object[] {tx.acmeServerAccount(id).orElse(null), preload == null ? null : preload.run(tx)});
            if (read[0] == null) {
                throw new AcmeProblem("accountDoesNotExist", 400, "there is no account " + jws.kid());
            }
            account = (AcmeAccount) read[0];
            preloaded = read[1];
            key = null;
        } else {
            throw AcmeProblem.malformed("the JWS protected header has neither 'jwk' nor 'kid'");
        }
        if (!(account == null ? Jws.verify(jws, key) : Jws.verify(jws, account.jwk()))) {
            throw AcmeProblem.malformed(
                    account == null
                            ? "the JWS signature does not verify with the key in its 'jwk' header"
                            : "the JWS signature does not verify with the key of account " + jws.kid());
        }
        if (jws.url() == null) {
            throw AcmeProblem.malformed("the JWS protected header has no 'url'");
        }
        if (!jws.url().equals(url)) {
            throw AcmeProblem.unauthorized(
                    "the JWS 'url' header is " + jws.url() + ", not the URL it was sent to, " + url);
        }
        if (!nonces.consume(jws.nonce())) {
            throw AcmeProblem.badNonce(
                    jws.nonce() == null
                            ? "the JWS protected header has no 'nonce'"
                            : "the nonce was not given out by this server, was used already, or expired");
        }
        if (account != null && !account.valid()) {
            throw AcmeProblem.unauthorized("the account " + jws.kid() + " is " + account.status());
        }
        if (account == null && preload != null) {
            preloaded = store.read(preload);
        }
        return new Request(jws, account, key, url, preloaded);
    }

    private static byte[] readBody(Context ctx) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        try (InputStream in = ctx.bodyInputStream()) {
            if (declared > MAX_BODY_BYTES) {
                // Read what a client already sent (within reason), so that it sees the answer.
                if (declared <= 4L * 1024 * 1024) {
                    in.skipNBytes(declared);
                }
                throw tooLarge();
            }
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw tooLarge();
            }
            return body;
        } catch (java.io.EOFException e) {
            throw tooLarge();
        }
    }

    private static AcmeProblem tooLarge() {
        return new AcmeProblem("malformed", 413, "the request body is larger than " + MAX_BODY_BYTES + " bytes");
    }

    private static String accountId(String base, String kid) {
        String prefix = base + ACCOUNT;
        if (!kid.startsWith(prefix) || kid.length() == prefix.length() || kid.indexOf('/', prefix.length()) >= 0) {
            throw new AcmeProblem(
                    "accountDoesNotExist", 400, "the 'kid' " + kid + " is not an account URL of this server");
        }
        return kid.substring(prefix.length());
    }

    private static void requireOwner(Request request, String accountId, String what) {
        if (!request.account().id().equals(accountId)) {
            throw AcmeProblem.unauthorized("the " + what + " belongs to another account");
        }
    }

    private static void requirePostAsGet(Request request) {
        if (!request.postAsGet()) {
            throw AcmeProblem.malformed("this resource is read with POST-as-GET: an empty payload");
        }
    }

    // --- directory

    private void directory(Context ctx, String base) {
        boolean eabRequired = store.read(EabService::required);
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
        sendJson(ctx, 200, body);
    }

    // --- accounts

    private static Map<String, Object> accountJson(String base, AcmeAccount account) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", account.status());
        body.put("contact", account.contact());
        body.put("orders", base + ACCOUNT + account.id() + "/orders");
        return body;
    }

    private void newAccount(Context ctx, String base) throws IOException {
        Request request = post(ctx, base, KeyMode.JWK);
        JsonNode payload = request.payload();
        String thumbprint = Jws.thumbprint(request.key());
        AcmeAccount existing =
                store.read(tx -> tx.acmeServerAccountByKey(thumbprint)).orElse(null);
        if (existing != null) {
            answerExisting(ctx, base, existing);
            return;
        }
        if (payload.path("onlyReturnExisting").asBoolean(false)) {
            throw new AcmeProblem("accountDoesNotExist", 400, "no account has this key");
        }
        List<String> contact = contacts(payload);
        JsonNode binding = payload.get("externalAccountBinding");
        Instant now = Instant.now();
        String id = newId(16);
        AcmeAccount account = new AcmeAccount(
                id, thumbprint, request.key().toPublicJWK().toJSONString(), "valid", contact, null, now);
        AcmeAccount created = writes.write(tx -> {
            AcmeAccount raced = tx.acmeServerAccountByKey(thumbprint).orElse(null);
            if (raced != null) {
                return raced;
            }
            String eabKid = null;
            if (binding != null && !binding.isNull()) {
                eabKid = checkBinding(tx, binding, request);
            } else if (EabService.required(tx)) {
                throw new AcmeProblem(
                        "externalAccountRequired", 400, "this server requires an external account binding");
            }
            AcmeAccount stored = new AcmeAccount(
                    account.id(), account.keyThumbprint(), account.jwk(), "valid", contact, eabKid, now);
            tx.addAcmeServerAccount(stored);
            if (eabKid != null && !tx.bindAcmeServerEabKey(eabKid, id)) {
                throw AcmeProblem.unauthorized("the external account binding key '" + eabKid + "' was used already");
            }
            tx.audit(now, "acme:" + id, "acme.account.new", List.of(), "eab=" + (eabKid == null ? "-" : eabKid));
            return stored;
        });
        if (!created.id().equals(id)) {
            answerExisting(ctx, base, created);
            return;
        }
        ctx.header("Location", base + ACCOUNT + id);
        sendJson(ctx, 201, accountJson(base, created));
    }

    private static void answerExisting(Context ctx, String base, AcmeAccount existing) {
        if (!existing.valid()) {
            throw AcmeProblem.unauthorized("the account with this key is " + existing.status());
        }
        ctx.header("Location", base + ACCOUNT + existing.id());
        sendJson(ctx, 200, accountJson(base, existing));
    }

    /** Checks an external account binding (RFC 8555 7.3.4); returns its key id. */
    private String checkBinding(Transaction tx, JsonNode binding, Request request) {
        Jws.Signed eabJws = Jws.parse(binding, Jws.MAC_ALGORITHMS);
        if (eabJws.kid() == null || eabJws.jwk() != null) {
            throw AcmeProblem.malformed("the external account binding must name its key with 'kid' only");
        }
        if (eabJws.hasNonce()) {
            throw AcmeProblem.malformed("the external account binding must not have a nonce");
        }
        if (!request.url().equals(eabJws.url())) {
            throw AcmeProblem.unauthorized("the external account binding's 'url' is not the newAccount URL");
        }
        JWK bound;
        try {
            bound = JWK.parse(Jws.utf8(eabJws.payload()));
        } catch (java.text.ParseException e) {
            throw AcmeProblem.malformed("the external account binding's payload is not a JWK");
        }
        if (!Jws.thumbprint(bound).equals(Jws.thumbprint(request.key()))) {
            throw AcmeProblem.unauthorized("the external account binding binds a different key");
        }
        EabKey key = tx.acmeServerEabKey(eabJws.kid())
                .orElseThrow(
                        () -> AcmeProblem.unauthorized("unknown external account binding key '" + eabJws.kid() + "'"));
        if (key.accountId() != null) {
            throw AcmeProblem.unauthorized("the external account binding key '" + key.kid() + "' was used already");
        }
        byte[] hmac = eab().open(key);
        try {
            if (!Jws.verifyMac(eabJws, hmac)) {
                throw AcmeProblem.unauthorized("the external account binding's MAC does not verify");
            }
        } finally {
            Arrays.fill(hmac, (byte) 0);
        }
        return key.kid();
    }

    private EabService eab() {
        if (eab == null) {
            eab = new EabService(store, certwiz.data(), certwiz.clock(), "acme");
        }
        return eab;
    }

    static List<String> contacts(JsonNode payload) {
        JsonNode node = payload.get("contact");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.size() > 10) {
            throw AcmeProblem.malformed("'contact' is an array of at most 10 URLs");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            String value = item.isTextual() ? item.asText() : "";
            if (!value.toLowerCase(Locale.ROOT).startsWith("mailto:")) {
                throw new AcmeProblem(
                        "unsupportedContact", 400, "only mailto: contacts are supported, not '" + value + "'");
            }
            String address = value.substring("mailto:".length());
            if (!address.matches(
                    "[A-Za-z0-9.!#$%&'*+/=^_`{|}~-]{1,64}@[A-Za-z0-9]([A-Za-z0-9.-]{0,250}[A-Za-z0-9])?")) {
                throw new AcmeProblem("invalidContact", 400, "not one e-mail address: '" + value + "'");
            }
            out.add("mailto:" + address);
        }
        return out;
    }

    private void account(Context ctx, String base) throws IOException {
        Request request = post(ctx, base, KeyMode.KID);
        String id = ctx.pathParam("id");
        requireOwner(request, id, "account");
        AcmeAccount account = request.account();
        if (!request.postAsGet()) {
            JsonNode payload = request.payload();
            JsonNode status = payload.get("status");
            List<String> contact = payload.has("contact") ? contacts(payload) : account.contact();
            String newStatus = account.status();
            if (status != null && !status.isNull()) {
                if (!"deactivated".equals(status.asText())) {
                    throw AcmeProblem.malformed("an account's status can only be set to deactivated");
                }
                newStatus = "deactivated";
            }
            AcmeAccount updated = new AcmeAccount(
                    account.id(),
                    account.keyThumbprint(),
                    account.jwk(),
                    newStatus,
                    contact,
                    account.eabKid(),
                    account.createdAt());
            boolean deactivating = !newStatus.equals(account.status());
            writes.write(tx -> {
                tx.updateAcmeServerAccount(updated);
                if (deactivating) {
                    tx.audit(Instant.now(), "acme:" + id, "acme.account.deactivate", List.of(), "");
                }
                return null;
            });
            account = updated;
        }
        ctx.header("Location", base + ACCOUNT + id);
        sendJson(ctx, 200, accountJson(base, account));
    }

    private void orders(Context ctx, String base) throws IOException {
        String accountId = ctx.pathParam("id");
        Request request = post(ctx, base, KeyMode.KID, tx -> tx.acmeServerOrderIds(accountId, 1000));
        requireOwner(request, accountId, "order list");
        requirePostAsGet(request);
        List<String> ids = request.loaded();
        sendJson(
                ctx,
                200,
                Map.of("orders", ids.stream().map(id -> base + ORDER + id).toList()));
    }

    private void keyChange(Context ctx, String base) throws IOException {
        Request request = post(ctx, base, KeyMode.KID);
        Jws.Signed inner;
        try {
            inner = Jws.parse(JSON.readTree(request.jws().payload()), Jws.ACCOUNT_ALGORITHMS);
        } catch (IOException e) {
            throw AcmeProblem.malformed("the key change payload is not a JWS");
        }
        if (inner.jwk() == null || inner.kid() != null) {
            throw AcmeProblem.malformed("the inner JWS of a key change carries the new key as 'jwk'");
        }
        if (inner.hasNonce()) {
            throw AcmeProblem.malformed("the inner JWS of a key change must not have a nonce");
        }
        Jws.checkAccountKey(inner.jwk());
        if (!Jws.verify(inner, inner.jwk())) {
            throw AcmeProblem.malformed("the inner JWS signature does not verify with the new key");
        }
        if (!request.url().equals(inner.url())) {
            throw AcmeProblem.malformed("the inner JWS 'url' is not the key change URL");
        }
        JsonNode payload = inner.payloadJson();
        String kid = base + ACCOUNT + request.account().id();
        if (!kid.equals(payload.path("account").asText())) {
            throw AcmeProblem.malformed("the key change names account '"
                    + payload.path("account").asText() + "', not the one that signed it");
        }
        JWK oldKey;
        try {
            oldKey = JWK.parse(JSON.writeValueAsString(payload.path("oldKey")));
        } catch (java.text.ParseException e) {
            throw AcmeProblem.malformed("the key change's 'oldKey' is not a JWK");
        }
        if (!Jws.thumbprint(oldKey).equals(request.account().keyThumbprint())) {
            throw AcmeProblem.malformed("the key change's 'oldKey' is not the account's key");
        }
        String newThumbprint = Jws.thumbprint(inner.jwk());
        AcmeAccount account = request.account();
        AcmeAccount updated = new AcmeAccount(
                account.id(),
                newThumbprint,
                inner.jwk().toPublicJWK().toJSONString(),
                account.status(),
                account.contact(),
                account.eabKid(),
                account.createdAt());
        writes.write(tx -> {
            AcmeAccount holder = tx.acmeServerAccountByKey(newThumbprint).orElse(null);
            if (holder != null) {
                throw new AcmeProblem("malformed", 409, "another account already has the new key")
                        .header("Location", base + ACCOUNT + holder.id());
            }
            AcmeAccount current = tx.acmeServerAccount(account.id()).orElseThrow();
            if (!current.keyThumbprint().equals(account.keyThumbprint())) {
                throw AcmeProblem.unauthorized("the account's key changed meanwhile");
            }
            tx.updateAcmeServerAccount(updated);
            tx.audit(Instant.now(), "acme:" + account.id(), "acme.account.key-change", List.of(), "");
            return null;
        });
        ctx.header("Location", kid);
        sendJson(ctx, 200, accountJson(base, updated));
    }

    // --- orders

    private void newOrder(Context ctx, String base) throws IOException {
        Request request = post(ctx, base, KeyMode.KID, IssuancePolicy::load);
        JsonNode payload = request.payload();
        if (payload.hasNonNull("notBefore") || payload.hasNonNull("notAfter")) {
            throw AcmeProblem.malformed("this server sets the validity itself: leave out notBefore and notAfter");
        }
        JsonNode identifiers = payload.get("identifiers");
        if (identifiers == null || !identifiers.isArray() || identifiers.isEmpty()) {
            throw AcmeProblem.malformed("an order needs a non-empty 'identifiers' array");
        }
        if (identifiers.size() > MAX_IDENTIFIERS) {
            throw new AcmeProblem(
                    "rejectedIdentifier", 400, "an order has at most " + MAX_IDENTIFIERS + " identifiers");
        }
        Set<String> names = new LinkedHashSet<>();
        List<Map<String, Object>> subproblems = new ArrayList<>();
        for (JsonNode identifier : identifiers) {
            String type = identifier.path("type").asText("");
            String value = identifier.path("value").asText("");
            if (!identifier.isObject() || value.isEmpty()) {
                throw AcmeProblem.malformed("each identifier is an object with 'type' and 'value'");
            }
            if (!type.equals("dns")) {
                subproblems.add(AcmeProblem.subproblem(
                        "unsupportedIdentifier", "this server issues for DNS names only, not '" + type + "'", value));
                continue;
            }
            String name = value.toLowerCase(Locale.ROOT);
            String refusal = nameRefusal(name);
            if (refusal != null) {
                subproblems.add(AcmeProblem.subproblem("rejectedIdentifier", refusal, value));
                continue;
            }
            names.add(name);
        }
        IssuancePolicy policy = request.loaded();
        for (String name : names) {
            if (!policy.permits(name)) {
                subproblems.add(AcmeProblem.subproblem(
                        "rejectedIdentifier", "the issuance policy does not allow " + name, name));
            }
        }
        if (!subproblems.isEmpty()) {
            Set<Object> types = new TreeSet<>();
            subproblems.forEach(s -> types.add(s.get("type")));
            String type = types.size() == 1
                    ? ((String) types.iterator().next()).substring(AcmeProblem.PREFIX.length())
                    : "rejectedIdentifier";
            throw new AcmeProblem(type, 400, "the order has identifiers this server will not issue for", subproblems);
        }
        Instant now = Instant.now();
        String orderId = newId(16);
        Instant expires = now.plus(ORDER_LIFETIME);
        AcmeOrder order =
                new AcmeOrder(orderId, request.account().id(), "pending", List.copyOf(names), expires, null, null, now);
        List<AcmeAuthorization> authorizations = new ArrayList<>();
        int ordinal = 0;
        for (String name : names) {
            authorizations.add(new AcmeAuthorization(
                    newId(16),
                    orderId,
                    ordinal++,
                    request.account().id(),
                    name,
                    "pending",
                    expires,
                    newId(32),
                    null,
                    null,
                    null));
        }
        // A lost order costs the client a new one; the issuance at finalize is what must reach the disk.
        writes.writeUnsynced(tx -> {
            tx.addAcmeServerOrder(order, authorizations);
            return null;
        });
        ctx.header("Location", base + ORDER + orderId);
        sendJson(ctx, 201, orderJson(base, order, authorizations, now));
    }

    /** Why a DNS name can never be issued here, or null. */
    static String nameRefusal(String name) {
        if (name.startsWith("*.")) {
            return "wildcard names need dns-01, which this server does not offer";
        }
        if (name.endsWith(".")) {
            return "write the name without a trailing dot";
        }
        try {
            SubjectAltName.dns(name);
        } catch (CertwizException e) {
            return "'" + name + "' is not a valid DNS name";
        }
        if (!name.contains(".")) {
            return "'" + name + "' is not a fully qualified domain name";
        }
        return null;
    }

    static String orderStatus(AcmeOrder order, List<AcmeAuthorization> authorizations, Instant now) {
        if (order.status().equals("valid") || order.status().equals("invalid")) {
            return order.status();
        }
        if (now.isAfter(order.expires())) {
            return "invalid";
        }
        boolean allValid = true;
        for (AcmeAuthorization authorization : authorizations) {
            String status = authorizationStatus(authorization, now);
            if (!status.equals("valid") && !status.equals("pending")) {
                return "invalid";
            }
            allValid &= status.equals("valid");
        }
        return allValid ? "ready" : "pending";
    }

    static String authorizationStatus(AcmeAuthorization authorization, Instant now) {
        if ((authorization.status().equals("pending") || authorization.status().equals("valid"))
                && now.isAfter(authorization.expires())) {
            return "expired";
        }
        return authorization.status();
    }

    private Map<String, Object> orderJson(
            String base, AcmeOrder order, List<AcmeAuthorization> authorizations, Instant now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", orderStatus(order, authorizations, now));
        body.put("expires", time(order.expires()));
        body.put(
                "identifiers",
                order.identifiers().stream()
                        .map(name -> Map.of("type", "dns", "value", name))
                        .toList());
        body.put(
                "authorizations",
                authorizations.stream().map(a -> base + AUTHZ + a.id()).toList());
        body.put("finalize", base + ORDER + order.id() + "/finalize");
        if (order.certificateId() != null) {
            body.put("certificate", base + CERTIFICATE + order.certificateId());
        }
        if (order.error() != null) {
            body.put("error", parseJson(order.error()));
        } else {
            authorizations.stream()
                    .filter(a -> a.error() != null)
                    .findFirst()
                    .ifPresent(a -> body.put("error", parseJson(a.error())));
        }
        return body;
    }

    private static JsonNode parseJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return JSON.getNodeFactory().textNode(text);
        }
    }

    private record OrderView(AcmeOrder order, List<AcmeAuthorization> authorizations) {}

    private static OrderView readOrder(Transaction tx, String id) {
        return tx.acmeServerOrder(id)
                .map(order -> new OrderView(order, tx.acmeServerAuthorizations(id)))
                .orElse(null);
    }

    private static OrderView loadedOrder(Request request, String id) {
        OrderView view = request.loaded();
        if (view == null) {
            throw AcmeProblem.notFound("there is no order " + id);
        }
        requireOwner(request, view.order().accountId(), "order");
        return view;
    }

    private void order(Context ctx, String base) throws IOException {
        String id = ctx.pathParam("id");
        Request request = post(ctx, base, KeyMode.KID, tx -> readOrder(tx, id));
        requirePostAsGet(request);
        OrderView view = loadedOrder(request, id);
        sendJson(ctx, 200, orderJson(base, view.order(), view.authorizations(), Instant.now()));
    }

    private void finalizeOrder(Context ctx, String base) throws IOException {
        String id = ctx.pathParam("id");
        Request request = post(ctx, base, KeyMode.KID, tx -> {
            OrderView view = readOrder(tx, id);
            return view == null ? null : new Object[] {view, IssuancePolicy.load(tx)};
        });
        String csrText = request.payload().path("csr").asText("");
        if (csrText.isEmpty() || !csrText.matches("[A-Za-z0-9_-]+")) {
            throw AcmeProblem.malformed("finalize needs 'csr': a DER CSR in base64url");
        }
        Object[] loaded = request.loaded();
        if (loaded == null) {
            throw AcmeProblem.notFound("there is no order " + id);
        }
        OrderView view = (OrderView) loaded[0];
        IssuancePolicy policy = (IssuancePolicy) loaded[1];
        AcmeOrder order = view.order();
        requireOwner(request, order.accountId(), "order");
        Instant now = Instant.now();
        String status = orderStatus(order, view.authorizations(), now);
        if (!status.equals("ready")) {
            throw new AcmeProblem("orderNotReady", 403, "the order is " + status + ", not ready");
        }
        JcaPKCS10CertificationRequest csr;
        try {
            csr = new JcaPKCS10CertificationRequest(Base64.getUrlDecoder().decode(csrText)).setProvider(Providers.bc());
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            throw AcmeProblem.badCsr("the CSR cannot be parsed");
        }
        checkCsr(csr, order.identifiers(), request.key(), policy);
        for (String name : order.identifiers()) {
            if (!policy.permits(name)) {
                throw new AcmeProblem("rejectedIdentifier", 400, "the issuance policy no longer allows " + name);
            }
        }
        // Signed outside the transaction; it exists for anyone only once recorded together with the order.
        EmbeddedCa ca = certwiz.embeddedCa();
        List<Usage> usages = policy.clientAuth() ? List.of(Usage.Default) : List.of(Usage.WebServicesExternal);
        X509Certificate leaf = ca.sign(csr, usages, policy.lifetime());
        String chain = Pem.certificates(List.of(leaf, ca.intermediate()));
        String certificateId = newId(16);
        writes.write(tx -> {
            if (!tx.updateAcmeServerOrder(id, "ready", "valid", null, certificateId)) {
                throw new AcmeProblem("orderNotReady", 403, "the order changed meanwhile");
            }
            ca.record(tx, leaf, now);
            tx.addAcmeServerCertificate(
                    new AcmeCertificate(certificateId, leaf.getSerialNumber(), order.accountId(), id, chain, now));
            tx.audit(
                    now,
                    "acme:" + order.accountId(),
                    "acme.issue",
                    List.of(Thumbprint.of(leaf).hex()),
                    "order=" + id + " names=" + String.join(",", order.identifiers()));
            return null;
        });
        AcmeOrder done = new AcmeOrder(
                id,
                order.accountId(),
                "valid",
                order.identifiers(),
                order.expires(),
                null,
                certificateId,
                order.createdAt());
        ctx.header("Location", base + ORDER + id);
        sendJson(ctx, 200, orderJson(base, done, view.authorizations(), now));
    }

    /** The CSR must be signed by its key, name exactly the order's names, and have a key the policy takes. */
    static void checkCsr(
            JcaPKCS10CertificationRequest csr, List<String> identifiers, JWK accountKey, IssuancePolicy policy) {
        try {
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder()
                    .setProvider(Providers.bc())
                    .build(csr.getSubjectPublicKeyInfo()))) {
                throw AcmeProblem.badCsr("the CSR's signature does not verify");
            }
        } catch (OperatorCreationException | PKCSException | IllegalArgumentException e) {
            throw AcmeProblem.badCsr("the CSR's signature cannot be checked: " + e.getMessage());
        }
        PublicKey key;
        try {
            key = csr.getPublicKey();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw AcmeProblem.badCsr("the CSR's public key cannot be read");
        }
        if (policy.acceptedKeyType(key) == null) {
            throw AcmeProblem.badCsr("the CSR's key (" + KeyType.describe(key) + ") is not one of the key types this"
                    + " server issues for: " + String.join(", ", policy.keyTypeIds()));
        }
        try {
            if (accountKey instanceof AsymmetricJWK asymmetric
                    && Arrays.equals(asymmetric.toPublicKey().getEncoded(), key.getEncoded())) {
                throw AcmeProblem.badCsr("the CSR's key is the account key; use a separate key for the certificate");
            }
        } catch (JOSEException e) {
            // An account key that cannot be converted cannot equal the CSR's key.
        }
        Set<String> wanted = new TreeSet<>(identifiers);
        Set<String> named = new TreeSet<>();
        Attribute[] requests = csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
        if (requests.length > 1) {
            throw AcmeProblem.badCsr("the CSR has more than one extension request");
        }
        GeneralNames sans = null;
        if (requests.length == 1) {
            try {
                Extensions extensions =
                        Extensions.getInstance(requests[0].getAttrValues().getObjectAt(0));
                sans = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
            } catch (IllegalArgumentException e) {
                throw AcmeProblem.badCsr("the CSR's extension request cannot be read");
            }
        }
        if (sans == null) {
            throw AcmeProblem.badCsr("the CSR has no subjectAltName extension with the order's names");
        }
        for (GeneralName name : sans.getNames()) {
            if (name.getTagNo() != GeneralName.dNSName) {
                throw AcmeProblem.badCsr("the CSR asks for a subjectAltName that is not a DNS name");
            }
            named.add(name.getName().toString().toLowerCase(Locale.ROOT));
        }
        for (RDN rdn : csr.getSubject().getRDNs()) {
            for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
                if (!value.getType().equals(BCStyle.CN)) {
                    throw AcmeProblem.badCsr("the CSR's subject may hold a common name only, not "
                            + BCStyle.INSTANCE.oidToDisplayName(value.getType()));
                }
                String cn = IETFUtils.valueToString(value.getValue()).toLowerCase(Locale.ROOT);
                if (!wanted.contains(cn)) {
                    throw AcmeProblem.badCsr("the CSR's common name " + cn + " is not one of the order's names");
                }
            }
        }
        if (!named.equals(wanted)) {
            throw AcmeProblem.badCsr("the CSR names " + named + " but the order is for " + wanted);
        }
    }

    // --- authorizations and challenges

    private static AcmeAuthorization loadedAuthorization(Request request, String id) {
        AcmeAuthorization authorization = request.loaded();
        if (authorization == null) {
            throw AcmeProblem.notFound("there is no authorization " + id);
        }
        requireOwner(request, authorization.accountId(), "authorization");
        return authorization;
    }

    private void authorization(Context ctx, String base) throws IOException {
        String id = ctx.pathParam("id");
        Request request = post(
                ctx, base, KeyMode.KID, tx -> tx.acmeServerAuthorization(id).orElse(null));
        AcmeAuthorization authorization = loadedAuthorization(request, id);
        if (!request.postAsGet()) {
            JsonNode status = request.payload().get("status");
            if (status == null || !"deactivated".equals(status.asText())) {
                throw AcmeProblem.malformed("an authorization's status can only be set to deactivated");
            }
            AcmeAuthorization current = authorization;
            if (!current.status().equals("pending") && !current.status().equals("valid")) {
                throw AcmeProblem.malformed("the authorization is " + current.status() + " and cannot be deactivated");
            }
            writes.write(tx -> {
                if (!tx.updateAcmeServerAuthorization(
                        id,
                        current.status(),
                        "deactivated",
                        current.challengeType(),
                        current.validatedAt(),
                        current.error())) {
                    throw AcmeProblem.malformed("the authorization changed meanwhile; fetch it again");
                }
                AcmeOrder order = tx.acmeServerOrder(current.orderId()).orElseThrow();
                if (order.status().equals("pending") || order.status().equals("ready")) {
                    tx.updateAcmeServerOrder(order.id(), order.status(), "invalid", null, null);
                }
                return null;
            });
            authorization = store.read(tx -> tx.acmeServerAuthorization(id)).orElseThrow();
        }
        sendJson(ctx, 200, authorizationJson(base, authorization, Instant.now()));
    }

    private Map<String, Object> authorizationJson(String base, AcmeAuthorization authorization, Instant now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("identifier", Map.of("type", "dns", "value", authorization.identifier()));
        body.put("status", authorizationStatus(authorization, now));
        body.put("expires", time(authorization.expires()));
        body.put(
                "challenges",
                List.of(
                        challengeJson(base, authorization, Validator.HTTP_01),
                        challengeJson(base, authorization, Validator.TLS_ALPN_01)));
        return body;
    }

    private Map<String, Object> challengeJson(String base, AcmeAuthorization authorization, String type) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("url", base + CHALLENGE + authorization.id() + "/" + type);
        body.put("token", authorization.token());
        InFlight running = inFlight.get(authorization.id());
        String status;
        if (type.equals(authorization.challengeType())) {
            status = authorization.status().equals("deactivated") ? "invalid" : authorization.status();
            if (authorization.validatedAt() != null) {
                body.put("validated", time(authorization.validatedAt()));
            }
            if (authorization.error() != null) {
                body.put("error", parseJson(authorization.error()));
            }
        } else if (running != null
                && running.type().equals(type)
                && authorization.status().equals("pending")) {
            status = "processing";
        } else {
            status = "pending";
        }
        body.put("status", status);
        return body;
    }

    private void challenge(Context ctx, String base) throws IOException {
        String id = ctx.pathParam("id");
        String type = ctx.pathParam("type");
        Request request = post(
                ctx, base, KeyMode.KID, tx -> tx.acmeServerAuthorization(id).orElse(null));
        if (!type.equals(Validator.HTTP_01) && !type.equals(Validator.TLS_ALPN_01)) {
            throw AcmeProblem.notFound("there is no challenge " + id + "/" + type);
        }
        AcmeAuthorization authorization = loadedAuthorization(request, id);
        if (!request.postAsGet()) {
            request.payload();
            Instant now = Instant.now();
            if (authorizationStatus(authorization, now).equals("pending")) {
                InFlight running = startValidation(authorization, type, request.account());
                try {
                    AcmeAuthorization after = running.done().get(VALIDATION_WAIT_MS, TimeUnit.MILLISECONDS);
                    if (after != null) {
                        authorization = after;
                    }
                } catch (TimeoutException e) {
                    // Still validating: the client polls.
                } catch (ExecutionException e) {
                    LOG.warn("ACME validation of {} failed", authorization.identifier(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        ctx.res().addHeader("Link", "<" + base + AUTHZ + id + ">;rel=\"up\"");
        sendJson(ctx, 200, challengeJson(base, authorization, type));
    }

    /** Starts validating one challenge of an authorization, or returns the validation already under way. */
    private InFlight startValidation(AcmeAuthorization authorization, String type, AcmeAccount account) {
        CompletableFuture<AcmeAuthorization> done = new CompletableFuture<>();
        InFlight mine = new InFlight(type, done);
        InFlight running = inFlight.putIfAbsent(authorization.id(), mine);
        if (running != null) {
            return running;
        }
        validations.execute(() -> {
            try {
                String keyAuthorization = authorization.token() + "." + account.keyThumbprint();
                Validator.Outcome outcome =
                        validator.validate(type, authorization.identifier(), authorization.token(), keyAuthorization);
                done.complete(record(authorization, type, outcome));
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            } finally {
                inFlight.remove(authorization.id(), mine);
            }
        });
        return mine;
    }

    /** Stores a validation's outcome and moves the order on; the authorization as stored afterwards. */
    private AcmeAuthorization record(AcmeAuthorization authorization, String type, Validator.Outcome outcome) {
        Instant now = Instant.now();
        String error = null;
        if (!outcome.valid()) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", AcmeProblem.PREFIX + outcome.problemType());
            problem.put("detail", outcome.detail());
            problem.put("status", 403);
            problem.put("identifier", Map.of("type", "dns", "value", authorization.identifier()));
            error = new String(json(problem), StandardCharsets.UTF_8);
        }
        String problem = error;
        // Lost in a crash, the authorization is pending again and the client validates it again.
        return writes.writeUnsynced(tx -> {
            if (tx.updateAcmeServerAuthorization(
                    authorization.id(), "pending", outcome.valid() ? "valid" : "invalid", type, now, problem)) {
                if (!outcome.valid()) {
                    tx.updateAcmeServerOrder(authorization.orderId(), "pending", "invalid", problem, null);
                } else if (tx.acmeServerAuthorizations(authorization.orderId()).stream()
                        .allMatch(a -> a.status().equals("valid"))) {
                    tx.updateAcmeServerOrder(authorization.orderId(), "pending", "ready", null, null);
                }
            }
            return tx.acmeServerAuthorization(authorization.id()).orElse(null);
        });
    }

    // --- certificates

    private void certificate(Context ctx, String base) throws IOException {
        String id = ctx.pathParam("id");
        Request request =
                post(ctx, base, KeyMode.KID, tx -> tx.acmeServerCertificate(id).orElse(null));
        requirePostAsGet(request);
        AcmeCertificate certificate = request.loaded();
        if (certificate == null) {
            throw AcmeProblem.notFound("there is no certificate " + id);
        }
        requireOwner(request, certificate.accountId(), "certificate");
        ctx.status(200);
        ctx.contentType("application/pem-certificate-chain");
        ctx.result(certificate.chainPem().getBytes(StandardCharsets.US_ASCII));
    }

    private void revoke(Context ctx, String base) throws IOException {
        Request request = post(ctx, base, KeyMode.EITHER);
        JsonNode payload = request.payload();
        String text = payload.path("certificate").asText("");
        if (text.isEmpty() || !text.matches("[A-Za-z0-9_-]+")) {
            throw AcmeProblem.malformed("revokeCert needs 'certificate': the DER certificate in base64url");
        }
        int reason = payload.path("reason").asInt(0);
        if (payload.has("reason") && (!payload.get("reason").isInt() || !REVOCATION_REASONS.contains(reason))) {
            throw new AcmeProblem(
                    "badRevocationReason",
                    400,
                    "the revocation reason " + payload.get("reason") + " is not one of "
                            + new TreeSet<>(REVOCATION_REASONS));
        }
        X509Certificate certificate;
        try {
            certificate = CertificateReader.certificate(Base64.getUrlDecoder().decode(text));
        } catch (CertwizException | IllegalArgumentException e) {
            throw AcmeProblem.malformed("the certificate cannot be parsed");
        }
        EmbeddedCa ca = certwiz.embeddedCa();
        try {
            certificate.verify(ca.intermediate().getPublicKey(), Providers.bc());
        } catch (GeneralSecurityException e) {
            throw AcmeProblem.notFound("the certificate was not issued by this CA");
        }
        BigInteger serial = certificate.getSerialNumber();
        List<String> names = dnsNames(certificate);
        Instant now = Instant.now();
        writes.write(tx -> {
            IssuedRecord issued = tx.issued(serial)
                    .orElseThrow(() -> AcmeProblem.notFound("the certificate was not issued by this CA"));
            if (issued.revokedAt() != null) {
                throw new AcmeProblem("alreadyRevoked", 400, "the certificate was revoked already");
            }
            String actor;
            if (request.account() == null) {
                try {
                    PublicKey key = ((AsymmetricJWK) request.key()).toPublicKey();
                    if (!Arrays.equals(
                            key.getEncoded(), certificate.getPublicKey().getEncoded())) {
                        throw AcmeProblem.unauthorized("the request is not signed by the certificate's key");
                    }
                } catch (JOSEException | ClassCastException e) {
                    throw AcmeProblem.unauthorized("the request is not signed by the certificate's key");
                }
                actor = "acme:certificate-key";
            } else {
                String account = request.account().id();
                boolean ordered = tx.acmeServerCertificateBySerial(serial)
                        .map(c -> c.accountId().equals(account))
                        .orElse(false);
                boolean authorized = !names.isEmpty()
                        && names.stream()
                                .allMatch(n -> !tx.acmeServerValidAuthorizations(account, n, now)
                                        .isEmpty());
                if (!ordered && !authorized) {
                    throw AcmeProblem.unauthorized(
                            "the account neither ordered this certificate nor holds authorizations for all its names");
                }
                actor = "acme:" + account;
            }
            tx.revoke(serial, now, reason);
            tx.audit(
                    now,
                    actor,
                    "acme.revoke",
                    List.of(Thumbprint.of(certificate).hex()),
                    "serial=" + serial.toString(16) + " reason=" + reason);
            return null;
        });
        ctx.status(200);
        ctx.result(new byte[0]);
    }

    private static List<String> dnsNames(X509Certificate certificate) {
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans == null) {
                return List.of();
            }
            List<String> names = new ArrayList<>();
            for (List<?> san : sans) {
                if (Integer.valueOf(GeneralName.dNSName).equals(san.get(0))) {
                    names.add(String.valueOf(san.get(1)).toLowerCase(Locale.ROOT));
                }
            }
            return names;
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }
}
