package io.certwiz.acme.server;

import static io.certwiz.acme.server.AcmeHttp.sendJson;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.acme.server.SignedRequests.KeyMode;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authorizations and their challenges (RFC 8555 7.5): reading and deactivating an authorization, and
 * answering a challenge, which starts its validation (http-01 or tls-alpn-01) and records the outcome.
 */
final class Authorizations {
    private static final Logger LOG = LoggerFactory.getLogger(Authorizations.class);

    /** A challenge response waits this long for its validation, so that most clients never poll. */
    static final long VALIDATION_WAIT_MS = 2_000;

    /** A challenge's status (RFC 8555 7.1.6). */
    enum ChallengeStatus implements AcmeStatus {
        PENDING,
        PROCESSING,
        VALID,
        INVALID
    }

    /** A validation under way; it completes with the authorization as stored afterwards. */
    private record InFlight(String type, CompletableFuture<AcmeAuthorization> done) {}

    private final AcmeServerStorage storage;
    private final GroupCommit writes;
    private final SignedRequests requests;
    private final Validator validator;
    private final Clock clock;
    private final ExecutorService validations = Executors.newVirtualThreadPerTaskExecutor();
    /** Authorization id to its validation under way (this process). */
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();

    Authorizations(
            AcmeServerStorage storage, GroupCommit writes, SignedRequests requests, Validator validator, Clock clock) {
        this.storage = storage;
        this.writes = writes;
        this.requests = requests;
        this.validator = validator;
        this.clock = clock;
    }

    private SignedRequest verify(Context ctx, String base, String id) throws IOException {
        return requests.verify(
                ctx,
                base,
                KeyMode.KID,
                tx -> storage.records().authorization(tx, id).orElse(null));
    }

    private static AcmeAuthorization loaded(SignedRequest request, String id) {
        AcmeAuthorization authorization = request.loaded();
        if (authorization == null) {
            throw AcmeProblem.notFound("there is no authorization " + id);
        }
        request.requireOwner(authorization.accountId(), "authorization");
        return authorization;
    }

    void authorization(Context ctx, String base) throws IOException {
        String id = ctx.pathParam("id");
        SignedRequest request = verify(ctx, base, id);
        AcmeAuthorization authorization = loaded(request, id);
        if (!request.postAsGet()) {
            JsonNode status = request.payload().get("status");
            if (status == null || !AcmeAuthorization.Status.DEACTIVATED.id().equals(status.asText())) {
                throw AcmeProblem.malformed("an authorization's status can only be set to deactivated");
            }
            AcmeAuthorization current = authorization;
            if (current.status() != AcmeAuthorization.Status.PENDING
                    && current.status() != AcmeAuthorization.Status.VALID) {
                throw AcmeProblem.malformed(
                        "the authorization is " + current.status().id() + " and cannot be deactivated");
            }
            writes.write(tx -> {
                if (!storage.records()
                        .updateAuthorization(
                                tx,
                                id,
                                current.status(),
                                AcmeAuthorization.Status.DEACTIVATED,
                                current.challengeType(),
                                current.validatedAt(),
                                current.error())) {
                    throw AcmeProblem.malformed("the authorization changed meanwhile; fetch it again");
                }
                AcmeOrder order = storage.records().order(tx, current.orderId()).orElseThrow();
                if (order.status() == AcmeOrder.Status.PENDING || order.status() == AcmeOrder.Status.READY) {
                    storage.records().updateOrder(tx, order.id(), order.status(), AcmeOrder.Status.INVALID, null, null);
                }
                return null;
            });
            authorization = storage.store()
                    .read(tx -> storage.records().authorization(tx, id))
                    .orElseThrow();
        }
        sendJson(ctx, 200, json(base, authorization, clock.instant()));
    }

    private Map<String, Object> json(String base, AcmeAuthorization authorization, Instant now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("identifier", Map.of("type", "dns", "value", authorization.identifier()));
        body.put("status", authorization.statusAt(now).id());
        body.put("expires", AcmeHttp.time(authorization.expires()));
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
        body.put("url", base + AcmeServer.CHALLENGE + authorization.id() + "/" + type);
        body.put("token", authorization.token());
        InFlight running = inFlight.get(authorization.id());
        ChallengeStatus status;
        if (type.equals(authorization.challengeType())) {
            status = switch (authorization.status()) {
                case VALID -> ChallengeStatus.VALID;
                case PENDING -> ChallengeStatus.PENDING;
                case INVALID, DEACTIVATED, EXPIRED -> ChallengeStatus.INVALID;
            };
            if (authorization.validatedAt() != null) {
                body.put("validated", AcmeHttp.time(authorization.validatedAt()));
            }
            if (authorization.error() != null) {
                body.put("error", AcmeHttp.parseJson(authorization.error()));
            }
        } else if (running != null
                && running.type().equals(type)
                && authorization.status() == AcmeAuthorization.Status.PENDING) {
            status = ChallengeStatus.PROCESSING;
        } else {
            status = ChallengeStatus.PENDING;
        }
        body.put("status", status.id());
        return body;
    }

    void challenge(Context ctx, String base) throws IOException {
        String id = ctx.pathParam("id");
        String type = ctx.pathParam("type");
        SignedRequest request = verify(ctx, base, id);
        if (!type.equals(Validator.HTTP_01) && !type.equals(Validator.TLS_ALPN_01)) {
            throw AcmeProblem.notFound("there is no challenge " + id + "/" + type);
        }
        AcmeAuthorization authorization = loaded(request, id);
        if (!request.postAsGet()) {
            request.payload();
            if (authorization.statusAt(clock.instant()) == AcmeAuthorization.Status.PENDING) {
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
        ctx.res().addHeader("Link", "<" + base + AcmeServer.AUTHZ + id + ">;rel=\"up\"");
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
        Instant now = clock.instant();
        String error = outcome.valid()
                ? null
                : new String(
                        AcmeHttp.json(AcmeProblem.about(
                                ProblemType.named(outcome.problemType()).orElse(ProblemType.SERVER_INTERNAL),
                                outcome.detail(),
                                authorization.identifier(),
                                true)),
                        StandardCharsets.UTF_8);
        AcmeAuthorization.Status result =
                outcome.valid() ? AcmeAuthorization.Status.VALID : AcmeAuthorization.Status.INVALID;
        // Lost in a crash, the authorization is pending again and the client validates it again.
        return writes.writeUnsynced(tx -> {
            AcmeServerRecords records = storage.records();
            if (records.updateAuthorization(
                    tx, authorization.id(), AcmeAuthorization.Status.PENDING, result, type, now, error)) {
                String orderId = authorization.orderId();
                if (!outcome.valid()) {
                    records.updateOrder(tx, orderId, AcmeOrder.Status.PENDING, AcmeOrder.Status.INVALID, error, null);
                } else if (records.authorizations(tx, orderId).stream()
                        .allMatch(a -> a.status() == AcmeAuthorization.Status.VALID)) {
                    records.updateOrder(tx, orderId, AcmeOrder.Status.PENDING, AcmeOrder.Status.READY, null, null);
                }
            }
            return records.authorization(tx, authorization.id()).orElse(null);
        });
    }
}
