package io.certwiz.acme.server;

import io.certwiz.CertwizException;
import io.certwiz.store.Settings;
import io.certwiz.store.Transaction;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.x509.KeyType;
import io.certwiz.x509.SubjectAltName;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the embedded CA issues over ACME: the DNS names (exact names and {@code .suffix} domains, allowed
 * or denied; a name is issued when an allow line matches it and no deny line does), the lifetime, the key
 * types, and whether certificates also get clientAuth. Until an administrator changes the names, they are
 * the server identity's: its FQDNs and the domains they are in, and its SIP domains with their subdomains.
 */
public record IssuancePolicy(
        List<PolicyEntry> entries, boolean defaults, int lifetimeDays, Set<KeyType> keyTypes, boolean clientAuth) {
    static final String LIFETIME_SETTING = "acme.server.policy.lifetime-days";
    static final String KEY_TYPES_SETTING = "acme.server.policy.key-types";
    static final String CLIENT_AUTH_SETTING = "acme.server.policy.client-auth";
    /** Set once the names were changed: from then on the store's lines are the policy, even when none. */
    static final String CUSTOMIZED_SETTING = "acme.server.policy.customized";

    static final int DEFAULT_LIFETIME_DAYS = 90;
    static final int MAX_LIFETIME_DAYS = 3650;

    public IssuancePolicy {
        entries = List.copyOf(entries);
        keyTypes = Set.copyOf(keyTypes);
    }

    /** The policy in force. */
    public static IssuancePolicy load(Transaction tx, AcmeServerStorage storage) {
        Settings settings = storage.settings();
        boolean customized = settings.get(tx, CUSTOMIZED_SETTING).isPresent();
        List<PolicyEntry> entries = customized
                ? storage.records().policy(tx)
                : defaults(storage.identities().identity(tx).orElse(null));
        int lifetime = settings.get(tx, LIFETIME_SETTING).map(Integer::parseInt).orElse(DEFAULT_LIFETIME_DAYS);
        Set<KeyType> keyTypes = settings.get(tx, KEY_TYPES_SETTING)
                .map(IssuancePolicy::parseKeyTypes)
                .orElse(Set.of(KeyType.values()));
        boolean clientAuth =
                settings.get(tx, CLIENT_AUTH_SETTING).map(Boolean::parseBoolean).orElse(false);
        return new IssuancePolicy(entries, !customized, lifetime, keyTypes, clientAuth);
    }

    /**
     * The default names: each identity FQDN and its parent domain's subdomains; each SIP domain and its
     * subdomains. None before {@code init} (a null identity).
     */
    static List<PolicyEntry> defaults(ServerIdentity identity) {
        if (identity == null) {
            return List.of();
        }
        Set<String> patterns = new LinkedHashSet<>();
        for (String name :
                List.of(identity.fqdn(), identity.poolFqdn(), identity.webInternalFqdn(), identity.webExternalFqdn())) {
            patterns.add(name);
            int dot = name.indexOf('.');
            String parent = dot < 0 ? "" : name.substring(dot + 1);
            if (parent.contains(".")) {
                patterns.add("." + parent);
            }
        }
        for (String domain : identity.sipDomains()) {
            patterns.add(domain);
            patterns.add("." + domain);
        }
        TreeMap<String, PolicyEntry> sorted = new TreeMap<>();
        for (String pattern : patterns) {
            sorted.put(pattern, new PolicyEntry(pattern, true, Instant.EPOCH));
        }
        return List.copyOf(sorted.values());
    }

    /** A pattern as typed: {@code NAME} or {@code .SUFFIX}, lower-cased; no wildcards. */
    public static String pattern(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        boolean suffix = value.startsWith(".");
        String name = suffix ? value.substring(1) : value;
        if (name.contains("*")) {
            throw CertwizException.badUsage(
                    "'" + text + "': write a domain and everything under it as .example.com, not with a wildcard");
        }
        String normalized = SubjectAltName.dns(name).value();
        return suffix ? "." + normalized : normalized;
    }

    static boolean matches(String pattern, String name) {
        return pattern.startsWith(".")
                ? name.endsWith(pattern) && name.length() > pattern.length()
                : name.equals(pattern);
    }

    /** Whether the embedded CA issues for this (lower-case) DNS name. */
    public boolean permits(String name) {
        boolean allowed = false;
        for (PolicyEntry entry : entries) {
            if (matches(entry.pattern(), name)) {
                if (!entry.allow()) {
                    return false;
                }
                allowed = true;
            }
        }
        return allowed;
    }

    public Duration lifetime() {
        return Duration.ofDays(lifetimeDays);
    }

    /** The key type of a certificate's public key when the policy takes it, else null. */
    public KeyType acceptedKeyType(PublicKey key) {
        int bits = KeyType.bitsOf(key);
        for (KeyType type : keyTypes) {
            if (type.algorithm().equals(key.getAlgorithm().equals("ECDSA") ? "EC" : key.getAlgorithm())
                    && type.bits() == bits) {
                return type;
            }
        }
        return null;
    }

    static Set<KeyType> parseKeyTypes(String text) {
        Set<KeyType> types = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                types.add(KeyType.parse(part));
            }
        }
        if (types.isEmpty()) {
            throw CertwizException.badUsage("name at least one key type: "
                    + Arrays.stream(KeyType.values()).map(KeyType::id).toList());
        }
        return types;
    }

    /** The key types in a stable order, as ids. */
    public List<String> keyTypeIds() {
        List<String> ids = new ArrayList<>();
        for (KeyType type : KeyType.values()) {
            if (keyTypes.contains(type)) {
                ids.add(type.id());
            }
        }
        return ids;
    }
}
