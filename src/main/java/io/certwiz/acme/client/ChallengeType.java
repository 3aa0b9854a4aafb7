package io.certwiz.acme.client;

import io.certwiz.CertwizException;
import java.util.Arrays;
import java.util.Locale;

/** The challenges certwiz answers itself, with the port an ACME CA validates each on. */
public enum ChallengeType {
    HTTP_01("http-01", 80),
    TLS_ALPN_01("tls-alpn-01", 443);

    private final String id;
    private final int defaultPort;

    ChallengeType(String id, int defaultPort) {
        this.id = id;
        this.defaultPort = defaultPort;
    }

    /** The ACME name, such as {@code http-01}. */
    public String id() {
        return id;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public static ChallengeType parse(String text) {
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(type -> type.id.equals(wanted))
                .findFirst()
                .orElseThrow(() -> CertwizException.badUsage(
                        "unknown challenge '" + text + "'; certwiz answers http-01 or tls-alpn-01"));
    }

    @Override
    public String toString() {
        return id;
    }
}
