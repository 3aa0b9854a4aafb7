package io.certwiz.trust;

import io.certwiz.CertwizException;
import java.util.Locale;

/** The server's certificate stores, named after the Windows stores the wizard uses. */
public enum TrustStore {
    /** Certificates with this server's private keys; only these can be assigned. */
    personal,
    /** Trusted root CAs: the only trust anchors. */
    root,
    /** Intermediate CAs, used to build chains but never trusted on their own. */
    intermediate;

    public static TrustStore parse(String text) {
        try {
            return valueOf(text.strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CertwizException.badUsage("unknown store '" + text + "'; choose personal, root or intermediate");
        }
    }
}
