package io.certwiz.acme.server;

import io.certwiz.CertwizException;
import io.certwiz.DataDirectory;
import io.certwiz.store.Store;
import io.certwiz.store.Transaction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code certwiz acme eab}: external account binding keys for the ACME server. Each HMAC key is shown
 * once when made, kept sealed (AES-256-GCM under a key derived from the data directory's master key, bound
 * to its key id) and binds one account.
 */
public final class EabService {
    static final String REQUIRED_SETTING = "acme.server.eab.required";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final Store store;
    private final SecretKey sealingKey;
    private final Clock clock;
    private final String actor;

    public EabService(Store store, DataDirectory data, Clock clock, String actor) {
        this(store, deriveSealingKey(data.readMasterKey()), clock, actor);
    }

    EabService(Store store, SecretKey sealingKey, Clock clock, String actor) {
        this.store = store;
        this.sealingKey = sealingKey;
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
        store.write(tx -> {
            if (tx.acmeServerEabKey(kid).isPresent()) {
                throw CertwizException.refused("there is already an EAB key '" + kid + "'");
            }
            tx.addAcmeServerEabKey(new EabKey(kid, sealed, now, null));
            tx.audit(now, actor, "acme.eab.add", List.of(), "kid=" + kid);
            return null;
        });
        String shown = B64URL.encodeToString(hmac);
        Arrays.fill(hmac, (byte) 0);
        return new Created(kid, shown);
    }

    public Settings list() {
        return store.read(tx -> new Settings(
                required(tx),
                tx.acmeServerEabKeys().stream()
                        .map(k -> new View(k.kid(), k.createdAt(), k.accountId()))
                        .toList()));
    }

    public void remove(String kid) {
        Instant now = clock.instant();
        store.write(tx -> {
            if (!tx.deleteAcmeServerEabKey(kid)) {
                throw CertwizException.notFound("no EAB key '" + kid + "'");
            }
            tx.audit(now, actor, "acme.eab.remove", List.of(), "kid=" + kid);
            return null;
        });
    }

    /** Whether new accounts must bring an external account binding. */
    public Settings require(boolean required) {
        Instant now = clock.instant();
        store.write(tx -> {
            tx.putSetting(REQUIRED_SETTING, Boolean.toString(required));
            tx.audit(now, actor, "acme.eab.required", List.of(), "required=" + required);
            return null;
        });
        return list();
    }

    static boolean required(Transaction tx) {
        return tx.setting(REQUIRED_SETTING).map(Boolean::parseBoolean).orElse(false);
    }

    static SecretKey deriveSealingKey(byte[] masterKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(masterKey, "HmacSHA256"));
            byte[] key = mac.doFinal("certwiz/acme-server/eab-sealing/v1".getBytes(StandardCharsets.US_ASCII));
            return new SecretKeySpec(key, "AES");
        } catch (GeneralSecurityException e) {
            throw CertwizException.error("cannot derive the EAB sealing key: " + e.getMessage(), e);
        } finally {
            Arrays.fill(masterKey, (byte) 0);
        }
    }

    String seal(String kid, byte[] hmac) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, sealingKey, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(("certwiz/acme-server/eab/" + kid).getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(hmac);
            return Base64.getEncoder()
                    .encodeToString(ByteBuffer.allocate(12 + sealed.length)
                            .put(nonce)
                            .put(sealed)
                            .array());
        } catch (GeneralSecurityException e) {
            throw CertwizException.error("cannot seal an EAB key: " + e.getMessage(), e);
        }
    }

    byte[] open(EabKey key) {
        try {
            byte[] sealed = Base64.getDecoder().decode(key.sealedHmac());
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, sealingKey, new GCMParameterSpec(128, sealed, 0, 12));
            cipher.updateAAD(("certwiz/acme-server/eab/" + key.kid()).getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, 12, sealed.length - 12);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw CertwizException.error("the EAB key '" + key.kid() + "' cannot be opened with this master key");
        }
    }
}
