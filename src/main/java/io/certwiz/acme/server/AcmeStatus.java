package io.certwiz.acme.server;

import java.util.Locale;

/** An RFC 8555 status; the protocol and the store write it as its name in lower case. */
public interface AcmeStatus {
    String name();

    /** The status as RFC 8555 writes it, such as {@code pending}. */
    default String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status of {@code type} written {@code id}. */
    static <E extends Enum<E> & AcmeStatus> E parse(Class<E> type, String id) {
        return Enum.valueOf(type, id.toUpperCase(Locale.ROOT));
    }
}
