package io.certwiz.keystore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certwiz.CertwizException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The data directory's {@code tokens.json}: the PKCS#11 tokens keys may be made on, and the key store a
 * request uses when it names none. Without the file there are no tokens and keys are made in software.
 *
 * <pre>{@code
 * {
 *   "defaultKeyStore": "pkcs11:hsm",
 *   "tokens": {
 *     "hsm": {"library": "/usr/lib/softhsm/libsofthsm2.so", "tokenLabel": "certwiz", "pinFile": "hsm.pin"}
 *   }
 * }
 * }</pre>
 *
 * A relative {@code pinFile} is read from the data directory. {@code disabledMechanisms} (CKM_ names) are
 * mechanisms SunPKCS11 must not use on the token, for a token whose implementation of one is broken.
 */
public record TokenConfigs(Map<String, TokenConfig> tokens, KeyStoreChoice defaultKeyStore) {
    public static final String FILE = "tokens.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TOP = Set.of("defaultKeyStore", "tokens");
    private static final Set<String> FIELDS =
            Set.of("library", "tokenLabel", "slot", "pinFile", "pinEnv", "disabledMechanisms");

    public static final TokenConfigs NONE = new TokenConfigs(Map.of(), KeyStoreChoice.SOFTWARE);

    public TokenConfigs {
        tokens = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tokens)); // in the order of tokens.json
        if (defaultKeyStore.onToken() && !tokens.containsKey(defaultKeyStore.token())) {
            throw CertwizException.error(
                    "tokens.json: the default key store " + defaultKeyStore + " is not one of its tokens");
        }
    }

    /** The tokens of {@code dataDirectory}; none when it has no tokens.json. */
    public static TokenConfigs load(Path dataDirectory) {
        Path file = dataDirectory.resolve(FILE);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return NONE;
        } catch (IOException e) {
            throw CertwizException.error("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(bytes, dataDirectory);
    }

    static TokenConfigs parse(byte[] bytes, Path dataDirectory) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw CertwizException.error("tokens.json is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw CertwizException.error("tokens.json must hold a JSON object");
        }
        unknown(root, TOP, "tokens.json");
        Map<String, TokenConfig> tokens = new LinkedHashMap<>();
        JsonNode list = root.path("tokens");
        if (!list.isMissingNode() && !list.isObject()) {
            throw CertwizException.error("tokens.json: \"tokens\" must be an object of named tokens");
        }
        for (Map.Entry<String, JsonNode> entry : list.properties()) {
            JsonNode token = entry.getValue();
            if (!token.isObject()) {
                throw CertwizException.error("tokens.json: token " + entry.getKey() + " must be an object");
            }
            unknown(token, FIELDS, "tokens.json: token " + entry.getKey());
            String pinFile = text(token, "pinFile");
            String library = text(token, "library");
            JsonNode slot = token.get("slot");
            if (slot != null && !slot.canConvertToLong()) {
                throw CertwizException.error("tokens.json: token " + entry.getKey() + ": \"slot\" must be a number");
            }
            java.util.List<String> disabled = new java.util.ArrayList<>();
            JsonNode mechanisms = token.get("disabledMechanisms");
            if (mechanisms != null) {
                if (!mechanisms.isArray()) {
                    throw CertwizException.error("tokens.json: token " + entry.getKey()
                            + ": \"disabledMechanisms\" must be a list of CKM_ names");
                }
                mechanisms.forEach(m -> disabled.add(m.asText()));
            }
            tokens.put(
                    entry.getKey(),
                    new TokenConfig(
                            entry.getKey(),
                            library == null ? null : Path.of(library),
                            text(token, "tokenLabel"),
                            slot == null ? null : slot.asLong(),
                            pinFile == null ? null : dataDirectory.resolve(pinFile),
                            text(token, "pinEnv"),
                            disabled));
        }
        String defaultStore = text(root, "defaultKeyStore");
        return new TokenConfigs(
                tokens, defaultStore == null ? KeyStoreChoice.SOFTWARE : KeyStoreChoice.parse(defaultStore));
    }

    /** The token {@code name}; a usage error naming the configured ones when there is none. */
    public TokenConfig token(String name) {
        TokenConfig config = tokens.get(name);
        if (config == null) {
            throw CertwizException.badUsage("no token named '" + name + "' in " + FILE
                    + (tokens.isEmpty()
                            ? " (there is no tokens.json or it names none)"
                            : "; it names " + String.join(", ", tokens.keySet())));
        }
        return config;
    }

    public Optional<TokenConfig> find(String name) {
        return Optional.ofNullable(tokens.get(name));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw CertwizException.error("tokens.json: \"" + field + "\" must be a non-empty string");
        }
        return value.asText();
    }

    private static void unknown(JsonNode node, Set<String> known, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                throw CertwizException.error(where + ": unknown field \"" + field + "\" (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }
}
