package io.certwiz.keystore;

import java.security.KeyPair;

/**
 * A key just made and not yet stored: its pair (the private half a token object when {@code uri} is not
 * null, else a software key to be sealed).
 */
public record GeneratedKey(KeyPair keyPair, Pkcs11Uri uri) {
    public boolean onToken() {
        return uri != null;
    }
}
