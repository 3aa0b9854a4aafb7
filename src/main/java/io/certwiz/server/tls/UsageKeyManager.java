package io.certwiz.server.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The key manager of one listener: it hands every new handshake the material current at that moment,
 * so a swap takes effect on the next handshake while open connections keep what they negotiated.
 * Each swap gets a new alias, so a handshake that straddles a swap still gets a matching chain and key.
 * A listener that answers tls-alpn-01 presents the challenge certificate instead when the handshake
 * negotiated acme-tls/1 ({@link AcmeTlsAlpn}).
 */
final class UsageKeyManager extends X509ExtendedKeyManager {
    private final String name;
    private final AtomicReference<String> currentAlias = new AtomicReference<>();
    private final ConcurrentHashMap<String, KeyMaterial> byAlias = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final AcmeTlsAlpn acmeTlsAlpn;

    UsageKeyManager(String name, KeyMaterial initial, AcmeTlsAlpn acmeTlsAlpn) {
        this.name = name;
        this.acmeTlsAlpn = acmeTlsAlpn;
        swap(initial);
    }

    /** Makes {@code material} what new handshakes get. */
    void swap(KeyMaterial material) {
        String alias = name + "-" + generation.incrementAndGet();
        // The key converted for the TLS engine once here rather than at every handshake.
        byAlias.put(
                alias,
                new KeyMaterial(
                        material.chain(),
                        TlsContexts.forEngine(material.key()),
                        material.temporary(),
                        material.issuer()));
        String previous = currentAlias.getAndSet(alias);
        if (previous != null) {
            // Keep the previous generation briefly for handshakes already past alias selection.
            byAlias.keySet().removeIf(a -> !a.equals(alias) && !a.equals(previous));
        }
    }

    KeyMaterial current() {
        return byAlias.get(currentAlias.get());
    }

    private String chooseFor(String keyType) {
        String alias = currentAlias.get();
        KeyMaterial material = byAlias.get(alias);
        if (material == null) {
            return null;
        }
        String algorithm = material.key().getAlgorithm();
        boolean fits = keyType == null
                || keyType.equals(algorithm)
                || keyType.startsWith(algorithm)
                || (algorithm.equals("RSA") && keyType.equals("RSASSA-PSS"))
                || (algorithm.equals("EC") && keyType.startsWith("EC"));
        return fits ? alias : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        if (acmeTlsAlpn != null && engine != null && AcmeTlsAlpn.negotiated(engine)) {
            return acmeTlsAlpn.alias(keyType, engine);
        }
        return chooseFor(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return chooseFor(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = chooseFor(keyType);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        if (AcmeTlsAlpn.isAlias(alias)) {
            return acmeTlsAlpn == null ? null : acmeTlsAlpn.chain(alias);
        }
        KeyMaterial material = byAlias.get(alias);
        return material == null ? null : material.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        if (AcmeTlsAlpn.isAlias(alias)) {
            return acmeTlsAlpn == null ? null : acmeTlsAlpn.key(alias);
        }
        KeyMaterial material = byAlias.get(alias);
        return material == null ? null : material.key();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
