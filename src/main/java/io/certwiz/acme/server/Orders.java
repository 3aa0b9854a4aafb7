package io.certwiz.acme.server;

import static io.certwiz.acme.server.AcmeHttp.sendJson;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.CertwizException;
import io.certwiz.acme.server.SignedRequests.KeyMode;
import io.certwiz.store.Transaction;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Pem;
import io.certwiz.x509.SubjectAltName;
import io.certwiz.x509.Thumbprint;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * Orders (RFC 8555 7.4): new orders for DNS names the issuance policy allows, reading an order,
 * finalizing it (the CA signs, and the certificate is recorded with the order in one transaction), and
 * downloading the certificate.
 */
final class Orders {
    static final int MAX_IDENTIFIERS = 100;
    static final Duration ORDER_LIFETIME = Duration.ofDays(7);

    private final AcmeServerStorage storage;
    private final GroupCommit writes;
    private final SignedRequests requests;
    private final AcmeIssuer issuer;
    private final Clock clock;

    Orders(AcmeServerStorage storage, GroupCommit writes, SignedRequests requests, AcmeIssuer issuer, Clock clock) {
        this.storage = storage;
        this.writes = writes;
        this.requests = requests;
        this.issuer = issuer;
        this.clock = clock;
    }

    void newOrder(Context ctx, String base) throws IOException {
        SignedRequest request = requests.verify(ctx, base, KeyMode.KID, tx -> IssuancePolicy.load(tx, storage));
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
                    ProblemType.REJECTED_IDENTIFIER, "an order has at most " + MAX_IDENTIFIERS + " identifiers");
        }
        Set<String> names = new LinkedHashSet<>();
        List<Map<String, Object>> subproblems = new ArrayList<>();
        Set<ProblemType> types = new TreeSet<>();
        for (JsonNode identifier : identifiers) {
            String type = identifier.path("type").asText("");
            String value = identifier.path("value").asText("");
            if (!identifier.isObject() || value.isEmpty()) {
                throw AcmeProblem.malformed("each identifier is an object with 'type' and 'value'");
            }
            if (!type.equals("dns")) {
                types.add(ProblemType.UNSUPPORTED_IDENTIFIER);
                subproblems.add(AcmeProblem.about(
                        ProblemType.UNSUPPORTED_IDENTIFIER,
                        "this server issues for DNS names only, not '" + type + "'",
                        value,
                        false));
                continue;
            }
            String name = value.toLowerCase(Locale.ROOT);
            String refusal = nameRefusal(name);
            if (refusal != null) {
                types.add(ProblemType.REJECTED_IDENTIFIER);
                subproblems.add(AcmeProblem.about(ProblemType.REJECTED_IDENTIFIER, refusal, value, false));
                continue;
            }
            names.add(name);
        }
        IssuancePolicy policy = request.loaded();
        for (String name : names) {
            if (!policy.permits(name)) {
                types.add(ProblemType.REJECTED_IDENTIFIER);
                subproblems.add(AcmeProblem.about(
                        ProblemType.REJECTED_IDENTIFIER, "the issuance policy does not allow " + name, name, false));
            }
        }
        if (!subproblems.isEmpty()) {
            ProblemType type = types.size() == 1 ? types.iterator().next() : ProblemType.REJECTED_IDENTIFIER;
            throw new AcmeProblem(type, "the order has identifiers this server will not issue for", subproblems);
        }
        Instant now = clock.instant();
        String orderId = AcmeHttp.newId(16);
        String accountId = request.account().id();
        Instant expires = now.plus(ORDER_LIFETIME);
        AcmeOrder order = new AcmeOrder(
                orderId, accountId, AcmeOrder.Status.PENDING, List.copyOf(names), expires, null, null, now);
        List<AcmeAuthorization> authorizations = new ArrayList<>();
        int ordinal = 0;
        for (String name : names) {
            authorizations.add(new AcmeAuthorization(
                    AcmeHttp.newId(16),
                    orderId,
                    ordinal++,
                    accountId,
                    name,
                    AcmeAuthorization.Status.PENDING,
                    expires,
                    AcmeHttp.newId(32),
                    null,
                    null,
                    null));
        }
        // A lost order costs the client a new one; the issuance at finalize is what must reach the disk.
        writes.writeUnsynced(tx -> {
            storage.records().addOrder(tx, order, authorizations);
            return null;
        });
        ctx.header("Location", base + AcmeServer.ORDER + orderId);
        sendJson(ctx, 201, json(base, order, authorizations, now));
    }

    /** Why a DNS name (as the client wrote it, lower-cased) can never be issued here, or null. */
    static String nameRefusal(String name) {
        if (name.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            return "'" + name + "' is not a valid DNS name: it holds whitespace or a control character";
        }
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

    private static Map<String, Object> json(
            String base, AcmeOrder order, List<AcmeAuthorization> authorizations, Instant now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", order.statusAt(authorizations, now).id());
        body.put("expires", AcmeHttp.time(order.expires()));
        body.put(
                "identifiers",
                order.identifiers().stream()
                        .map(name -> Map.of("type", "dns", "value", name))
                        .toList());
        body.put(
                "authorizations",
                authorizations.stream()
                        .map(a -> base + AcmeServer.AUTHZ + a.id())
                        .toList());
        body.put("finalize", base + AcmeServer.ORDER + order.id() + "/finalize");
        if (order.certificateId() != null) {
            body.put("certificate", base + AcmeServer.CERTIFICATE + order.certificateId());
        }
        if (order.error() != null) {
            body.put("error", AcmeHttp.parseJson(order.error()));
        } else {
            authorizations.stream()
                    .filter(a -> a.error() != null)
                    .findFirst()
                    .ifPresent(a -> body.put("error", AcmeHttp.parseJson(a.error())));
        }
        return body;
    }

    private record OrderView(AcmeOrder order, List<AcmeAuthorization> authorizations) {}

    private OrderView read(Transaction tx, String id) {
        return storage.records()
                .order(tx, id)
                .map(order -> new OrderView(order, storage.records().authorizations(tx, id)))
                .orElse(null);
    }

    void order(Context ctx, String base) throws IOException {
        String id = ctx.pathParam("id");
        SignedRequest request = requests.verify(ctx, base, KeyMode.KID, tx -> read(tx, id));
        request.requirePostAsGet();
        OrderView view = request.loaded();
        if (view == null) {
            throw AcmeProblem.notFound("there is no order " + id);
        }
        request.requireOwner(view.order().accountId(), "order");
        sendJson(ctx, 200, json(base, view.order(), view.authorizations(), clock.instant()));
    }

    private record Finalizing(OrderView view, IssuancePolicy policy) {}

    void finalizeOrder(Context ctx, String base) throws IOException {
        String id = ctx.pathParam("id");
        SignedRequest request = requests.verify(ctx, base, KeyMode.KID, tx -> {
            OrderView view = read(tx, id);
            return view == null ? null : new Finalizing(view, IssuancePolicy.load(tx, storage));
        });
        String csrText = request.payload().path("csr").asText("");
        if (csrText.isEmpty() || !csrText.matches("[A-Za-z0-9_-]+")) {
            throw AcmeProblem.malformed("finalize needs 'csr': a DER CSR in base64url");
        }
        Finalizing loaded = request.loaded();
        if (loaded == null) {
            throw AcmeProblem.notFound("there is no order " + id);
        }
        OrderView view = loaded.view();
        IssuancePolicy policy = loaded.policy();
        AcmeOrder order = view.order();
        request.requireOwner(order.accountId(), "order");
        Instant now = clock.instant();
        AcmeOrder.Status status = order.statusAt(view.authorizations(), now);
        if (status != AcmeOrder.Status.READY) {
            throw new AcmeProblem(ProblemType.ORDER_NOT_READY, "the order is " + status.id() + ", not ready");
        }
        JcaPKCS10CertificationRequest csr =
                CsrCheck.parse(Base64.getUrlDecoder().decode(csrText));
        CsrCheck.check(csr, order.identifiers(), request.key(), policy);
        for (String name : order.identifiers()) {
            if (!policy.permits(name)) {
                throw new AcmeProblem(ProblemType.REJECTED_IDENTIFIER, "the issuance policy no longer allows " + name);
            }
        }
        // Signed outside the transaction; it exists for anyone only once recorded together with the order.
        List<Usage> usages = policy.clientAuth() ? List.of(Usage.Default) : List.of(Usage.WebServicesExternal);
        X509Certificate leaf = issuer.sign(csr, usages, policy.lifetime());
        String chain = Pem.certificates(List.of(leaf, issuer.issuer()));
        String certificateId = AcmeHttp.newId(16);
        writes.write(tx -> {
            if (!storage.records()
                    .updateOrder(tx, id, AcmeOrder.Status.READY, AcmeOrder.Status.VALID, null, certificateId)) {
                throw new AcmeProblem(ProblemType.ORDER_NOT_READY, "the order changed meanwhile");
            }
            issuer.record(tx, leaf, now);
            storage.records()
                    .addCertificate(
                            tx,
                            new AcmeCertificate(
                                    certificateId, leaf.getSerialNumber(), order.accountId(), id, chain, now));
            storage.audit()
                    .append(
                            tx,
                            now,
                            "acme:" + order.accountId(),
                            "acme.issue",
                            List.of(Thumbprint.of(leaf).hex()),
                            "order=" + id + " names=" + String.join(",", order.identifiers()));
            return null;
        });
        ctx.header("Location", base + AcmeServer.ORDER + id);
        sendJson(ctx, 200, json(base, order.with(AcmeOrder.Status.VALID, certificateId), view.authorizations(), now));
    }

    void certificate(Context ctx, String base) throws IOException {
        String id = ctx.pathParam("id");
        SignedRequest request = requests.verify(
                ctx,
                base,
                KeyMode.KID,
                tx -> storage.records().certificate(tx, id).orElse(null));
        request.requirePostAsGet();
        AcmeCertificate certificate = request.loaded();
        if (certificate == null) {
            throw AcmeProblem.notFound("there is no certificate " + id);
        }
        request.requireOwner(certificate.accountId(), "certificate");
        ctx.status(200);
        ctx.contentType("application/pem-certificate-chain");
        ctx.result(certificate.chainPem().getBytes(StandardCharsets.US_ASCII));
    }
}
