package io.certwiz.acme.server;

import io.certwiz.CertwizException;
import io.certwiz.crypto.SecretSealer;
import io.certwiz.store.Store;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replay-Nonce values for a pool of servers sharing one PostgreSQL store: any server of the pool accepts
 * a nonce another one gave out, so a client behind a round-robin load balancer is not refused.
 *
 * <p>Giving out a nonce writes nothing: it is {@code version(1) || id(16) || issued at(8, epoch ms) ||
 * HMAC-SHA256 of those(32)}, base64url, under a key the whole pool shares. That key is random, made once
 * by the first server that needs it and kept in the store as a setting, sealed with AES-256-GCM under a
 * key derived from the master key (which every server of a pool holds already, or it could not open the
 * store's private keys). Redeeming checks the MAC in constant time and the age ({@link Nonces#LIFETIME}),
 * then records the id as used: the insert conflicts when it was, and the nonce is refused. That insert is
 * committed without waiting for the disk ({@link Store#writeUnsynced}); only a machine crash within the
 * nonce's lifetime could forget it. Used ids are swept, about once a minute per server, once their
 * nonces have expired.
 */
final class StoreNonces implements ReplayNonces {
    private static final Logger LOG = LoggerFactory.getLogger(StoreNonces.class);

    static final String KEY_SETTING = "acme.server.nonce.key";
    /** Clocks of a pool's servers may differ by this much. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(2);

    static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    private static final byte VERSION = 1;
    private static final int ID_BYTES = 16;
    private static final int MAC_BYTES = 32;
    private static final int NONCE_BYTES = 1 + ID_BYTES + Long.BYTES + MAC_BYTES;
    private static final String SEALING_LABEL = "certwiz/acme-server/nonce-sealing/v1";
    private static final String KEY_AAD = "certwiz/acme-server/nonce-key/v1";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final AcmeServerStorage storage;
    private final Supplier<byte[]> masterKey;
    private final Clock clock;
    private final AtomicLong nextSweep = new AtomicLong();
    private volatile SecretKey macKey;

    /** {@code masterKey} is read once, when the first nonce is given out or redeemed. */
    StoreNonces(AcmeServerStorage storage, Supplier<byte[]> masterKey, Clock clock) {
        this.storage = storage;
        this.masterKey = masterKey;
        this.clock = clock;
    }

    @Override
    public String next() {
        ByteBuffer nonce = ByteBuffer.allocate(NONCE_BYTES);
        byte[] id = new byte[ID_BYTES];
        RANDOM.nextBytes(id);
        nonce.put(VERSION).put(id).putLong(clock.millis());
        nonce.put(mac(nonce.array(), NONCE_BYTES - MAC_BYTES));
        return B64URL.encodeToString(nonce.array());
    }

    @Override
    public boolean consume(String nonce) {
        if (nonce == null || nonce.isEmpty() || nonce.length() > 2 * NONCE_BYTES) {
            return false;
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (bytes.length != NONCE_BYTES || bytes[0] != VERSION) {
            return false;
        }
        byte[] expected = mac(bytes, NONCE_BYTES - MAC_BYTES);
        byte[] given = Arrays.copyOfRange(bytes, NONCE_BYTES - MAC_BYTES, NONCE_BYTES);
        if (!MessageDigest.isEqual(expected, given)) {
            return false;
        }
        long issued = ByteBuffer.wrap(bytes, 1 + ID_BYTES, Long.BYTES).getLong();
        long now = clock.millis();
        if (issued > now + CLOCK_SKEW.toMillis() || now - issued >= Nonces.LIFETIME.toMillis()) {
            return false;
        }
        String id = B64URL.encodeToString(Arrays.copyOfRange(bytes, 1, 1 + ID_BYTES));
        Instant expires = Instant.ofEpochMilli(issued).plus(Nonces.LIFETIME);
        boolean fresh = storage.store().writeUnsynced(tx -> storage.records().useNonce(tx, id, expires));
        sweepNowAndThen(now);
        return fresh;
    }

    /**
     * Deletes the used ids of expired nonces, at most once per {@link #SWEEP_EVERY} on this server, in a
     * transaction of its own: a failure here costs nothing but a later sweep. The margin keeps an id
     * while a server whose clock is behind could still accept its nonce.
     */
    private void sweepNowAndThen(long now) {
        long due = nextSweep.get();
        if (now < due || !nextSweep.compareAndSet(due, now + SWEEP_EVERY.toMillis())) {
            return;
        }
        Instant before = Instant.ofEpochMilli(now).minus(CLOCK_SKEW);
        try {
            int swept = storage.store().writeUnsynced(tx -> storage.records().deleteNonces(tx, before));
            LOG.debug("swept {} used ACME nonces", swept);
        } catch (RuntimeException e) {
            LOG.warn("cannot sweep used ACME nonces: {}", e.getMessage());
        }
    }

    private byte[] mac(byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(macKey());
            mac.update(data, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw CertwizException.error("cannot compute an ACME nonce's MAC: " + e.getMessage(), e);
        }
    }

    private SecretKey macKey() {
        SecretKey key = macKey;
        if (key == null) {
            synchronized (this) {
                key = macKey;
                if (key == null) {
                    key = loadKey();
                    macKey = key;
                }
            }
        }
        return key;
    }

    /** The pool's nonce key from the store; the first server to need it makes it. */
    private SecretKey loadKey() {
        SecretSealer sealing = sealer(masterKey.get());
        String sealed = storage.store()
                .read(tx -> storage.settings().get(tx, KEY_SETTING))
                .orElse(null);
        if (sealed == null) {
            byte[] fresh = new byte[32];
            RANDOM.nextBytes(fresh);
            String mine = seal(sealing, fresh);
            Arrays.fill(fresh, (byte) 0);
            // Two servers starting at once: the serializable write lets one win, the other reads its key.
            sealed = storage.store()
                    .write(tx -> storage.settings().get(tx, KEY_SETTING).orElseGet(() -> {
                        storage.settings().put(tx, KEY_SETTING, mine);
                        return mine;
                    }));
        }
        byte[] key = open(sealing, sealed);
        try {
            return new SecretKeySpec(key, "HmacSHA256");
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    static boolean reseal(
            io.certwiz.store.Transaction tx, AcmeServerStorage storage, byte[] oldMaster, byte[] newMaster) {
        String sealed = storage.settings().get(tx, KEY_SETTING).orElse(null);
        if (sealed == null) {
            return false;
        }
        byte[] key = open(sealer(oldMaster.clone()), sealed);
        try {
            storage.settings().put(tx, KEY_SETTING, seal(sealer(newMaster.clone()), key));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        return true;
    }

    private static SecretSealer sealer(byte[] masterKey) {
        try {
            return SecretSealer.derive(masterKey, SEALING_LABEL);
        } catch (GeneralSecurityException e) {
            throw CertwizException.error("cannot derive the ACME nonce sealing key: " + e.getMessage(), e);
        }
    }

    private static String seal(SecretSealer sealing, byte[] key) {
        try {
            return sealing.seal(key, KEY_AAD);
        } catch (GeneralSecurityException e) {
            throw CertwizException.error("cannot seal the ACME nonce key: " + e.getMessage(), e);
        }
    }

    private static byte[] open(SecretSealer sealing, String sealed) {
        try {
            return sealing.open(sealed, KEY_AAD);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw CertwizException.error(
                    "the ACME nonce key cannot be opened: the master key does not match this store");
        }
    }
}
