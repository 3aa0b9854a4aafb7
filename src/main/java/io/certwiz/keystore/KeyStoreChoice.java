package io.certwiz.keystore;

import io.certwiz.CertwizException;

/**
 * Where a new key is made: {@code software} (sealed in the store under the master key) or
 * {@code pkcs11:NAME}, a token that tokens.json names.
 */
public record KeyStoreChoice(String token) {
    public static final KeyStoreChoice SOFTWARE = new KeyStoreChoice(null);
    public static final String SOFTWARE_NAME = "software";
    private static final String PREFIX = "pkcs11:";

    public static KeyStoreChoice token(String name) {
        return new KeyStoreChoice(TokenConfig.checkName(name));
    }

    /** {@code software} or {@code pkcs11:NAME}; anything else is a usage error. */
    public static KeyStoreChoice parse(String text) {
        String value = text.strip();
        if (value.equalsIgnoreCase(SOFTWARE_NAME)) {
            return SOFTWARE;
        }
        if (value.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) && !value.contains("=")) {
            return token(value.substring(PREFIX.length()));
        }
        throw CertwizException.badUsage(
                "unknown key store '" + text + "'; choose software or pkcs11:NAME (a token named in tokens.json)");
    }

    public boolean onToken() {
        return token != null;
    }

    @Override
    public String toString() {
        return token == null ? SOFTWARE_NAME : PREFIX + token;
    }
}
