package io.certwiz.revocation;

import io.certwiz.CertwizException;
import java.util.Locale;

/**
 * What a revocation check does when it cannot find out: {@code hard} refuses, {@code soft} accepts with a
 * warning, {@code off} does not check at all. A certificate found revoked is refused under hard and soft.
 */
public enum RevocationPolicy {
    hard,
    soft,
    off;

    /** A policy by name (any case), or {@code fallback} for null; anything else is bad usage. */
    public static RevocationPolicy parse(String name, String option, RevocationPolicy fallback) {
        if (name == null) {
            return fallback;
        }
        try {
            return valueOf(name.strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CertwizException.badUsage(option + " takes hard, soft or off, not '" + name + "'");
        }
    }
}
