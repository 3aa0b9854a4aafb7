package io.certwiz.crypto;

import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The BouncyCastle provider, set up once and only when first needed. It signs and verifies ECDSA
 * several times faster than the JDK's SunEC (see BENCHMARKS.md), so certwiz uses it for EC work.
 */
public final class Providers {
    private Providers() {}

    private static final class Holder {
        static final Provider BC = install();

        private static Provider install() {
            Provider existing = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
            if (existing != null) {
                return existing;
            }
            Provider provider = new BouncyCastleProvider();
            Security.addProvider(provider);
            return provider;
        }
    }

    public static Provider bc() {
        return Holder.BC;
    }

    /**
     * Whether {@code key} is held by a device (a PKCS#11 token) rather than in memory: its bytes cannot
     * be had, so only the device's own provider can sign with it.
     */
    public static boolean onDevice(PrivateKey key) {
        return key.getEncoded() == null;
    }

    /**
     * A content signer for {@code algorithm} with {@code key}: BouncyCastle for a key in memory, the
     * provider that takes the key (found by the JCA among the registered ones) for a key on a token.
     */
    public static ContentSigner signer(String algorithm, PrivateKey key) throws OperatorCreationException {
        JcaContentSignerBuilder builder = new JcaContentSignerBuilder(algorithm);
        if (!onDevice(key)) {
            builder.setProvider(bc());
        }
        return builder.build(key);
    }
}
