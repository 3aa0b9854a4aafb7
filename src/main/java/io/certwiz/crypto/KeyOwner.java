package io.certwiz.crypto;

import java.util.Arrays;

/**
 * What a private key belongs to, stored beside it and bound into its seal ({@link KeyVault}): a key
 * opens only for the use it was made for, so a row pointed at another key (a certificate at the CA's)
 * is refused.
 */
public enum KeyOwner {
    /** A certificate's key, or the key of a request waiting for its certificate. */
    CERTIFICATE("certificate"),
    /** The embedded CA's root key. */
    CA_ROOT("ca-root"),
    /** The embedded CA's issuing key. */
    CA_ISSUING("ca-issuing"),
    /** An ACME account's key (certwiz as a client of an ACME CA). */
    ACME_ACCOUNT("acme-account"),
    /** The embedded CA's delegated OCSP responder's key. */
    OCSP_RESPONDER("ocsp-responder");

    private final String column;

    KeyOwner(String column) {
        this.column = column;
    }

    /** The value in the {@code private_keys.owner} column and in the seal's associated data. */
    public String column() {
        return column;
    }

    public static KeyOwner ofColumn(String value) {
        return Arrays.stream(values())
                .filter(o -> o.column.equals(value))
                .findFirst()
                .orElseThrow(() -> io.certwiz.CertwizException.error("a stored private key has an unknown owner"));
    }
}
