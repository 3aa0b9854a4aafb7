package io.certwiz.crypto;

import java.security.Provider;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

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
}
