package io.certwiz.keystore;

import io.certwiz.CertwizException;
import io.certwiz.crypto.KeyOwner;
import io.certwiz.crypto.KeyRecords;
import io.certwiz.crypto.KeyVault;
import io.certwiz.crypto.StoredKey;
import io.certwiz.store.Transaction;
import io.certwiz.x509.KeyType;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place keys are made and opened, wherever they live: in software (sealed in the store under
 * the master key) or on a PKCS#11 token (the store keeps the token object's {@code pkcs11:} URI).
 * Requests, the embedded CA and renewal make their keys here; the listeners, the CA and exports open
 * them here.
 */
public final class KeyService {
    private static final Logger LOG = LoggerFactory.getLogger(KeyService.class);

    private final KeyVault vault;
    private final KeyRecords keys;
    private final Supplier<TokenConfigs> configs;

    public KeyService(KeyVault vault, KeyRecords keys, Supplier<TokenConfigs> configs) {
        this.vault = vault;
        this.keys = keys;
        this.configs = configs;
    }

    /** The tokens of tokens.json, and the default key store. */
    public TokenConfigs tokens() {
        return configs.get();
    }

    /** The key store a request names ({@code software} or {@code pkcs11:NAME}), or the configured default. */
    public KeyStoreChoice choose(String requested) {
        TokenConfigs tokens = configs.get();
        KeyStoreChoice choice =
                requested == null || requested.isBlank() ? tokens.defaultKeyStore() : KeyStoreChoice.parse(requested);
        if (choice.onToken()) {
            tokens.token(choice.token());
        }
        return choice;
    }

    /** The token {@code choice} names, logged in. */
    public Token token(KeyStoreChoice choice) {
        return Tokens.open(configs.get().token(choice.token()));
    }

    /** A new key of {@code type} in {@code where}; store it with {@link #store}, or {@link #discard} it. */
    public GeneratedKey generate(KeyType type, KeyStoreChoice where, Instant now) {
        if (!where.onToken()) {
            return new GeneratedKey(type.generate(), null);
        }
        return token(where).generate(type, now);
    }

    /** The key a renewal of {@code old} makes: of {@code type}, in the same key store as {@code old}. */
    public GeneratedKey generateLike(StoredKey old, KeyType type, Instant now) {
        return generate(type, storeOf(old), now);
    }

    /**
     * Refuses (and removes) a new RSA token key for TLS when its token cannot make the signatures TLS 1.3
     * needs (see {@link Token#rsaTls13Gap}); an EC key, a software key or a key for no TLS usage passes.
     */
    public void checkForTls(GeneratedKey key, String usages) {
        if (!key.onToken() || !key.keyPair().getPublic().getAlgorithm().equals("RSA")) {
            return;
        }
        String gap = tokenFor(key.uri()).rsaTls13Gap(key.keyPair().getPrivate());
        if (gap != null) {
            discard(key);
            throw CertwizException.refused(gap + ", which TLS 1.3 needs for an RSA key of " + usages
                    + "; request an EC key instead (--key ec-p256)");
        }
    }

    /** A key on a token is never exportable: refused before any key is made, and again when one is stored. */
    public static void refuseExportableOnToken(boolean onToken, boolean exportable) {
        if (onToken && exportable) {
            throw CertwizException.badUsage(
                    "a key on a token is never exportable; leave out --exportable or use --key-store software");
        }
    }

    /**
     * Records a generated key for {@code owner} in the caller's transaction; its id. A key on a token is
     * never exportable.
     */
    public long store(Transaction tx, GeneratedKey key, KeyOwner owner, boolean exportable, Instant now) {
        var pair = key.keyPair();
        refuseExportableOnToken(key.onToken(), exportable);
        if (key.onToken()) {
            long id = keys.addOnToken(
                    tx,
                    owner,
                    pair.getPublic().getAlgorithm(),
                    pair.getPublic().getEncoded(),
                    key.uri().toString(),
                    now);
            keys.reseal(tx, id, vault.sealReference(keys.find(tx, id).orElseThrow()));
            return id;
        }
        return vault.add(tx, keys, owner, pair.getPrivate(), pair.getPublic().getEncoded(), exportable, now);
    }

    /** Destroys a token key that was never stored (its request failed); a software key is simply dropped. */
    public void discard(GeneratedKey key) {
        if (key == null || !key.onToken()) {
            return;
        }
        try {
            tokenFor(key.uri()).delete(key.uri());
        } catch (RuntimeException e) {
            LOG.warn("cannot remove the unused token key {}: {}", key.uri(), e.getMessage());
        }
    }

    /** The private key of {@code expected}, opened from the vault or found on its token. */
    public PrivateKey open(StoredKey key, KeyOwner expected) {
        if (!key.onToken()) {
            return vault.open(key, expected);
        }
        if (key.owner() != expected) {
            throw CertwizException.error(
                    "the token key " + key.id() + " belongs to " + key.owner().column() + ", not to "
                            + expected.column() + ": the store was changed outside certwiz");
        }
        vault.checkReference(key);
        return onToken(key);
    }

    /** The private key whatever it belongs to ({@code certwiz check}). */
    public PrivateKey open(StoredKey key) {
        if (key.onToken()) {
            vault.checkReference(key);
            return onToken(key);
        }
        return vault.open(key);
    }

    private PrivateKey onToken(StoredKey key) {
        Pkcs11Uri uri = Pkcs11Uri.parse(key.tokenUri());
        Token token = tokenFor(uri);
        return token.privateKey(uri, () -> Tokens.pin(token.config()));
    }

    /** The key store {@code key} is in; for a token key, the configured token that holds it. */
    public KeyStoreChoice storeOf(StoredKey key) {
        if (!key.onToken()) {
            return KeyStoreChoice.SOFTWARE;
        }
        return KeyStoreChoice.token(tokenFor(Pkcs11Uri.parse(key.tokenUri())).name());
    }

    /** Where a key lives, as {@code show} says it: "software" or its pkcs11: URI. */
    public static String location(StoredKey key) {
        return key.onToken() ? key.tokenUri() : KeyStoreChoice.SOFTWARE_NAME;
    }

    /** The configured token that holds the object {@code uri} names, logged in. */
    private Token tokenFor(Pkcs11Uri uri) {
        TokenConfigs tokens = configs.get();
        CertwizException last = null;
        for (TokenConfig config : tokens.tokens().values()) {
            if (config.tokenLabel() != null
                    && uri.token() != null
                    && !config.tokenLabel().equals(uri.token())) {
                continue;
            }
            if (config.slot() != null && uri.slotId() != null && !config.slot().equals(uri.slotId())) {
                continue;
            }
            try {
                Token token = Tokens.open(config);
                if (token.holds(uri)) {
                    return token;
                }
            } catch (CertwizException e) {
                last = e;
            }
        }
        if (last != null) {
            throw last;
        }
        throw CertwizException.error("the key " + uri + " is on a token that " + TokenConfigs.FILE + " does not name"
                + (tokens.tokens().isEmpty() ? " (there is no tokens.json)" : ""));
    }
}
