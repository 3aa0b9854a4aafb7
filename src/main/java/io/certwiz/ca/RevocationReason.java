package io.certwiz.ca;

import io.certwiz.CertwizException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * RFC 5280 5.3.1 CRLReason, by the names RFC 5280 gives them. {@link #revocable()} are the reasons an
 * administrator may give {@code certwiz revoke}: certificateHold is not one (a hold is not final, and the
 * ledger's revocations are), nor are removeFromCRL (delta CRLs only) and aACompromise (attribute
 * certificates), nor cACompromise (revoking the CA itself is not a leaf's revocation).
 */
public enum RevocationReason {
    unspecified(0),
    keyCompromise(1),
    cACompromise(2),
    affiliationChanged(3),
    superseded(4),
    cessationOfOperation(5),
    certificateHold(6),
    removeFromCRL(8),
    privilegeWithdrawn(9),
    aACompromise(10);

    private final int code;

    RevocationReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean revocable() {
        return switch (this) {
            case unspecified, keyCompromise, affiliationChanged, superseded, cessationOfOperation, privilegeWithdrawn ->
                true;
            default -> false;
        };
    }

    public static Optional<RevocationReason> of(int code) {
        return Arrays.stream(values()).filter(r -> r.code == code).findFirst();
    }

    /** The name of a reason code, or the code itself when RFC 5280 names none. */
    public static String nameOf(Integer code) {
        if (code == null) {
            return unspecified.name();
        }
        return of(code).map(Enum::name).orElse(Integer.toString(code));
    }

    /** A reason an administrator may revoke with, by name (any case); anything else is bad usage. */
    public static RevocationReason parse(String name) {
        if (name == null) {
            return unspecified;
        }
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        for (RevocationReason reason : values()) {
            if (reason.revocable() && reason.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return reason;
            }
        }
        throw CertwizException.badUsage("unknown revocation reason '" + name + "'; choose one of " + choices());
    }

    public static String choices() {
        return Arrays.stream(values())
                .filter(RevocationReason::revocable)
                .map(Enum::name)
                .collect(Collectors.joining(", "));
    }
}
