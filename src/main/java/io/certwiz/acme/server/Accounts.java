package io.certwiz.acme.server;

import static io.certwiz.acme.server.AcmeHttp.sendJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWK;
import io.certwiz.acme.server.SignedRequests.KeyMode;
import io.certwiz.store.Transaction;
import io.javalin.http.Context;
import java.io.IOException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Accounts (RFC 8555 7.3): new accounts with an optional external account binding, reading and updating
 * an account, its order list, key rollover and deactivation.
 */
final class Accounts {
    private final AcmeServerStorage storage;
    private final GroupCommit writes;
    private final SignedRequests requests;
    private final EabService eab;
    private final Clock clock;

    Accounts(AcmeServerStorage storage, GroupCommit writes, SignedRequests requests, EabService eab, Clock clock) {
        this.storage = storage;
        this.writes = writes;
        this.requests = requests;
        this.eab = eab;
        this.clock = clock;
    }

    private static Map<String, Object> json(String base, AcmeAccount account) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", account.status().id());
        body.put("contact", account.contact());
        body.put("orders", base + AcmeServer.ACCOUNT + account.id() + "/orders");
        return body;
    }

    void newAccount(Context ctx, String base) throws IOException {
        SignedRequest request = requests.verify(ctx, base, KeyMode.JWK);
        JsonNode payload = request.payload();
        String thumbprint = Jws.thumbprint(request.key());
        AcmeAccount existing = storage.store()
                .read(tx -> storage.records().accountByKey(tx, thumbprint))
                .orElse(null);
        if (existing != null) {
            answerExisting(ctx, base, existing);
            return;
        }
        if (payload.path("onlyReturnExisting").asBoolean(false)) {
            throw new AcmeProblem(ProblemType.ACCOUNT_DOES_NOT_EXIST, "no account has this key");
        }
        List<String> contact = contacts(payload);
        JsonNode binding = payload.get("externalAccountBinding");
        Instant now = clock.instant();
        String id = AcmeHttp.newId(16);
        String jwk = request.key().toPublicJWK().toJSONString();
        AcmeAccount created = writes.write(tx -> {
            AcmeAccount raced = storage.records().accountByKey(tx, thumbprint).orElse(null);
            if (raced != null) {
                return raced;
            }
            String eabKid = null;
            if (binding != null && !binding.isNull()) {
                eabKid = checkBinding(tx, binding, request);
            } else if (eab.required(tx)) {
                throw new AcmeProblem(
                        ProblemType.EXTERNAL_ACCOUNT_REQUIRED, "this server requires an external account binding");
            }
            AcmeAccount stored = new AcmeAccount(id, thumbprint, jwk, AcmeAccount.Status.VALID, contact, eabKid, now);
            storage.records().addAccount(tx, stored);
            if (eabKid != null && !storage.records().bindEabKey(tx, eabKid, id)) {
                throw AcmeProblem.unauthorized("the external account binding key '" + eabKid + "' was used already");
            }
            storage.audit()
                    .append(
                            tx,
                            now,
                            "acme:" + id,
                            "acme.account.new",
                            List.of(),
                            "eab=" + (eabKid == null ? "-" : eabKid));
            return stored;
        });
        if (!created.id().equals(id)) {
            answerExisting(ctx, base, created);
            return;
        }
        ctx.header("Location", base + AcmeServer.ACCOUNT + id);
        sendJson(ctx, 201, json(base, created));
    }

    private static void answerExisting(Context ctx, String base, AcmeAccount existing) {
        if (!existing.valid()) {
            throw AcmeProblem.unauthorized(
                    "the account with this key is " + existing.status().id());
        }
        ctx.header("Location", base + AcmeServer.ACCOUNT + existing.id());
        sendJson(ctx, 200, json(base, existing));
    }

    /** Checks an external account binding (RFC 8555 7.3.4); returns its key id. */
    private String checkBinding(Transaction tx, JsonNode binding, SignedRequest request) {
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
        } catch (ParseException e) {
            throw AcmeProblem.malformed("the external account binding's payload is not a JWK");
        }
        if (!Jws.thumbprint(bound).equals(Jws.thumbprint(request.key()))) {
            throw AcmeProblem.unauthorized("the external account binding binds a different key");
        }
        EabKey key = storage.records()
                .eabKey(tx, eabJws.kid())
                .orElseThrow(
                        () -> AcmeProblem.unauthorized("unknown external account binding key '" + eabJws.kid() + "'"));
        if (key.accountId() != null) {
            throw AcmeProblem.unauthorized("the external account binding key '" + key.kid() + "' was used already");
        }
        byte[] hmac = eab.open(key);
        try {
            if (!Jws.verifyMac(eabJws, hmac)) {
                throw AcmeProblem.unauthorized("the external account binding's MAC does not verify");
            }
        } finally {
            Arrays.fill(hmac, (byte) 0);
        }
        return key.kid();
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
                        ProblemType.UNSUPPORTED_CONTACT, "only mailto: contacts are supported, not '" + value + "'");
            }
            String address = value.substring("mailto:".length());
            if (!address.matches(
                    "[A-Za-z0-9.!#$%&'*+/=^_`{|}~-]{1,64}@[A-Za-z0-9]([A-Za-z0-9.-]{0,250}[A-Za-z0-9])?")) {
                throw new AcmeProblem(ProblemType.INVALID_CONTACT, "not one e-mail address: '" + value + "'");
            }
            out.add("mailto:" + address);
        }
        return out;
    }

    void account(Context ctx, String base) throws IOException {
        SignedRequest request = requests.verify(ctx, base, KeyMode.KID);
        String id = ctx.pathParam("id");
        request.requireOwner(id, "account");
        AcmeAccount account = request.account();
        if (!request.postAsGet()) {
            JsonNode payload = request.payload();
            JsonNode status = payload.get("status");
            List<String> contact = payload.has("contact") ? contacts(payload) : account.contact();
            AcmeAccount.Status newStatus = account.status();
            if (status != null && !status.isNull()) {
                if (!AcmeAccount.Status.DEACTIVATED.id().equals(status.asText())) {
                    throw AcmeProblem.malformed("an account's status can only be set to deactivated");
                }
                newStatus = AcmeAccount.Status.DEACTIVATED;
            }
            AcmeAccount updated = account.with(newStatus, contact);
            boolean deactivating = newStatus != account.status();
            Instant now = clock.instant();
            writes.write(tx -> {
                storage.records().updateAccount(tx, updated);
                if (deactivating) {
                    storage.audit().append(tx, now, "acme:" + id, "acme.account.deactivate", List.of(), "");
                }
                return null;
            });
            account = updated;
        }
        ctx.header("Location", base + AcmeServer.ACCOUNT + id);
        sendJson(ctx, 200, json(base, account));
    }

    void orders(Context ctx, String base) throws IOException {
        String accountId = ctx.pathParam("id");
        SignedRequest request =
                requests.verify(ctx, base, KeyMode.KID, tx -> storage.records().orderIds(tx, accountId, 1000));
        request.requireOwner(accountId, "order list");
        request.requirePostAsGet();
        List<String> ids = request.loaded();
        sendJson(
                ctx,
                200,
                Map.of(
                        "orders",
                        ids.stream().map(id -> base + AcmeServer.ORDER + id).toList()));
    }

    void keyChange(Context ctx, String base) throws IOException {
        SignedRequest request = requests.verify(ctx, base, KeyMode.KID);
        Jws.Signed inner;
        try {
            inner = Jws.parse(AcmeHttp.JSON.readTree(request.jws().payload()), Jws.ACCOUNT_ALGORITHMS);
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
        AcmeAccount account = request.account();
        String kid = base + AcmeServer.ACCOUNT + account.id();
        if (!kid.equals(payload.path("account").asText())) {
            throw AcmeProblem.malformed("the key change names account '"
                    + payload.path("account").asText() + "', not the one that signed it");
        }
        JWK oldKey;
        try {
            oldKey = JWK.parse(AcmeHttp.JSON.writeValueAsString(payload.path("oldKey")));
        } catch (ParseException e) {
            throw AcmeProblem.malformed("the key change's 'oldKey' is not a JWK");
        }
        if (!Jws.thumbprint(oldKey).equals(account.keyThumbprint())) {
            throw AcmeProblem.malformed("the key change's 'oldKey' is not the account's key");
        }
        String newThumbprint = Jws.thumbprint(inner.jwk());
        AcmeAccount updated =
                account.withKey(newThumbprint, inner.jwk().toPublicJWK().toJSONString());
        Instant now = clock.instant();
        writes.write(tx -> {
            AcmeAccount holder =
                    storage.records().accountByKey(tx, newThumbprint).orElse(null);
            if (holder != null) {
                throw new AcmeProblem(ProblemType.CONFLICT, "another account already has the new key")
                        .header("Location", base + AcmeServer.ACCOUNT + holder.id());
            }
            AcmeAccount current = storage.records().account(tx, account.id()).orElseThrow();
            if (!current.keyThumbprint().equals(account.keyThumbprint())) {
                throw AcmeProblem.unauthorized("the account's key changed meanwhile");
            }
            storage.records().updateAccount(tx, updated);
            storage.audit().append(tx, now, "acme:" + account.id(), "acme.account.key-change", List.of(), "");
            return null;
        });
        ctx.header("Location", kid);
        sendJson(ctx, 200, json(base, updated));
    }
}
