package io.certwiz.acme.server;

import io.certwiz.CertwizException;
import io.certwiz.crypto.SecretSealer;
import io.certwiz.store.DataDirectory;
import io.certwiz.store.Transaction;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code certwiz acme eab}: external account binding keys for the ACME server. Each HMAC key is shown
 * once when made, kept sealed (AES-256-GCM under a key derived from the data directory's master key, bound
 * to its key id) and binds one account.
 */
public final class EabService {
    static final String REQUIRED_SETTING = "acme.server.eab.required";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final AcmeServerStorage storage;
    private final Supplier<byte[]> masterKey;
    private final Clock clock;
    private final String actor;
    private volatile SecretSealer sealer;

    /** The data directory's master key is read when a key is first sealed or opened. */
    public EabService(AcmeServerStorage storage, DataDirectory data, Clock clock, String actor) {
        this(storage, data::readMasterKey, clock, actor);
    }

    EabService(AcmeServerStorage storage, Supplier<byte[]> masterKey, Clock clock, String actor) {
        this.storage = storage;
        this.masterKey = masterKey;
        this.clock = clock;
        this.actor = actor;
    }

    /** A new key: its id and the HMAC key (base64url), which is not shown again. */
    public record Created(String kid, String hmacKey) {}

    /** A key as listed: never its HMAC. */
    public record View(String kid, Instant createdAt, String boundAccount) {}

    public record Settings(boolean required, List<View> keys) {}

    public Created add(String kid) {
        if (kid == null || !kid.matches("[A-Za-z0-9._~-]{1,128}")) {
            throw CertwizException.badUsage("a key id is 1 to 128 letters, digits, '.', '_', '~' or '-'");
        }
        byte[] hmac = new byte[32];
        RANDOM.nextBytes(hmac);
        Instant now = clock.instant();
        String sealed = seal(kid, hmac);
        storage.store().write(tx -> {
            if (storage.records().eabKey(tx, kid).isPresent()) {
                throw CertwizException.refused("there is already an EAB key '" + kid + "'");
            }
            storage.records().addEabKey(tx, new EabKey(kid, sealed, now, null));
            storage.audit().append(tx, now, actor, "acme.eab.add", List.of(), "kid=" + kid);
            return null;
        });
        String shown = B64URL.encodeToString(hmac);
        Arrays.fill(hmac, (byte) 0);
        return new Created(kid, shown);
    }

    public Settings list() {
        return storage.store()
                .read(tx -> new Settings(
                        required(tx),
                        storage.records().eabKeys(tx).stream()
                                .map(k -> new View(k.kid(), k.createdAt(), k.accountId()))
                                .toList()));
    }

    public void remove(String kid) {
        Instant now = clock.instant();
        storage.store().write(tx -> {
            if (!storage.records().deleteEabKey(tx, kid)) {
                throw CertwizException.notFound("no EAB key '" + kid + "'");
            }
            storage.audit().append(tx, now, actor, "acme.eab.remove", List.of(), "kid=" + kid);
            return null;
        });
    }

    /** Whether new accounts must bring an external account binding. */
    public Settings require(boolean required) {
        Instant now = clock.instant();
        storage.store().write(tx -> {
            storage.settings().put(tx, REQUIRED_SETTING, Boolean.toString(required));
            storage.audit().append(tx, now, actor, "acme.eab.required", List.of(), "required=" + required);
            return null;
        });
        return list();
    }

    /** Whether new accounts must bring an external account binding, in {@code tx}. */
    boolean required(Transaction tx) {
        return storage.settings()
                .get(tx, REQUIRED_SETTING)
                .map(Boolean::parseBoolean)
                .orElse(false);
    }

    private SecretSealer sealer() {
        SecretSealer derived = sealer;
        if (derived == null) {
            try {
                derived = SecretSealer.derive(masterKey.get(), "certwiz/acme-server/eab-sealing/v1");
            } catch (GeneralSecurityException e) {
                throw CertwizException.error("cannot derive the EAB sealing key: " + e.getMessage(), e);
            }
            sealer = derived;
        }
        return derived;
    }

    String seal(String kid, byte[] hmac) {
        try {
            return sealer().seal(hmac, "certwiz/acme-server/eab/" + kid);
        } catch (GeneralSecurityException e) {
            throw CertwizException.error("cannot seal an EAB key: " + e.getMessage(), e);
        }
    }

    byte[] open(EabKey key) {
        try {
            return sealer().open(key.sealedHmac(), "certwiz/acme-server/eab/" + key.kid());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw CertwizException.error("the EAB key '" + key.kid() + "' cannot be opened with this master key");
        }
    }
}
