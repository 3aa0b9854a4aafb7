package io.certwiz.acme.server;

import io.certwiz.CertwizException;
import io.certwiz.store.Transaction;
import io.certwiz.x509.KeyType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** {@code certwiz policy}: reads and changes the embedded CA's ACME issuance policy, with an audit entry. */
public final class PolicyService {
    private final AcmeServerStorage storage;
    private final Clock clock;
    private final String actor;

    public PolicyService(AcmeServerStorage storage, Clock clock, String actor) {
        this.storage = storage;
        this.clock = clock;
        this.actor = actor;
    }

    /** One line of {@code policy list}: source is "default" (from the server identity) or "store". */
    public record Line(String pattern, String action, String source) {}

    /** The policy as {@code policy list} shows it. */
    public record View(List<Line> names, int lifetimeDays, List<String> keyTypes, boolean clientAuth) {}

    public View list() {
        return storage.store().read(this::view);
    }

    private View view(Transaction tx) {
        IssuancePolicy policy = IssuancePolicy.load(tx, storage);
        String source = policy.defaults() ? "default" : "store";
        return new View(
                policy.entries().stream()
                        .map(e -> new Line(e.pattern(), e.allow() ? "allow" : "deny", source))
                        .toList(),
                policy.lifetimeDays(),
                policy.keyTypeIds(),
                policy.clientAuth());
    }

    public View allow(String pattern) {
        return put(pattern, true);
    }

    public View deny(String pattern) {
        return put(pattern, false);
    }

    private View put(String text, boolean allow) {
        String pattern = IssuancePolicy.pattern(text);
        Instant now = clock.instant();
        return storage.store().write(tx -> {
            customize(tx, now);
            storage.records().putPolicy(tx, new PolicyEntry(pattern, allow, now));
            storage.audit()
                    .append(
                            tx,
                            now,
                            actor,
                            allow ? "acme.policy.allow" : "acme.policy.deny",
                            List.of(),
                            "pattern=" + pattern);
            return view(tx);
        });
    }

    /** Drops a line (neither allowed nor denied any more). */
    public View remove(String text) {
        String pattern = IssuancePolicy.pattern(text);
        Instant now = clock.instant();
        return storage.store().write(tx -> {
            customize(tx, now);
            if (!storage.records().deletePolicy(tx, pattern)) {
                throw CertwizException.notFound("the policy has no line '" + pattern + "'");
            }
            storage.audit().append(tx, now, actor, "acme.policy.remove", List.of(), "pattern=" + pattern);
            return view(tx);
        });
    }

    /** Changes the lifetime, key types or clientAuth; a null leaves that one as it is. */
    public View set(Integer lifetimeDays, String keyTypes, Boolean clientAuth) {
        if (lifetimeDays != null && (lifetimeDays < 1 || lifetimeDays > IssuancePolicy.MAX_LIFETIME_DAYS)) {
            throw CertwizException.badUsage(
                    "the lifetime is 1 to " + IssuancePolicy.MAX_LIFETIME_DAYS + " days, not " + lifetimeDays);
        }
        Set<KeyType> types = keyTypes == null ? null : IssuancePolicy.parseKeyTypes(keyTypes);
        Instant now = clock.instant();
        return storage.store().write(tx -> {
            StringBuilder detail = new StringBuilder();
            if (lifetimeDays != null) {
                storage.settings().put(tx, IssuancePolicy.LIFETIME_SETTING, Integer.toString(lifetimeDays));
                detail.append("lifetime-days=").append(lifetimeDays).append(' ');
            }
            if (types != null) {
                String ids = String.join(",", types.stream().map(KeyType::id).toList());
                storage.settings().put(tx, IssuancePolicy.KEY_TYPES_SETTING, ids);
                detail.append("key-types=").append(ids).append(' ');
            }
            if (clientAuth != null) {
                storage.settings().put(tx, IssuancePolicy.CLIENT_AUTH_SETTING, Boolean.toString(clientAuth));
                detail.append("client-auth=").append(clientAuth);
            }
            storage.audit()
                    .append(
                            tx,
                            now,
                            actor,
                            "acme.policy.set",
                            List.of(),
                            detail.toString().strip());
            return view(tx);
        });
    }

    /** The first change writes the defaults into the store, so that they can be changed one by one. */
    private void customize(Transaction tx, Instant now) {
        if (storage.settings().get(tx, IssuancePolicy.CUSTOMIZED_SETTING).isPresent()) {
            return;
        }
        for (PolicyEntry entry :
                IssuancePolicy.defaults(storage.identities().identity(tx).orElse(null))) {
            storage.records().putPolicy(tx, new PolicyEntry(entry.pattern(), true, now));
        }
        storage.settings().put(tx, IssuancePolicy.CUSTOMIZED_SETTING, "true");
    }
}
