package io.certwiz.keystore;

import io.certwiz.CertwizException;
import java.nio.file.Path;

/**
 * One PKCS#11 token as tokens.json names it: the module (library) that drives it, the token by its
 * label or its slot id, and where its user PIN comes from (a file readable by its owner only, or an
 * environment variable). The PIN itself is never part of the configuration.
 */
public record TokenConfig(
        String name,
        Path library,
        String tokenLabel,
        Long slot,
        Path pinFile,
        String pinEnv,
        java.util.List<String> disabledMechanisms) {
    public TokenConfig {
        checkName(name);
        disabledMechanisms =
                disabledMechanisms == null ? java.util.List.of() : java.util.List.copyOf(disabledMechanisms);
        for (String mechanism : disabledMechanisms) {
            if (!mechanism.matches("CKM_[A-Z0-9_]+")) {
                throw invalid(name, "has a disabled mechanism that is no CKM_ name: '" + mechanism + "'");
            }
        }
        if (library == null) {
            throw invalid(name, "names no \"library\" (the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so)");
        }
        if ((tokenLabel == null) == (slot == null)) {
            throw invalid(name, "must name the token by exactly one of \"tokenLabel\" and \"slot\"");
        }
        if ((pinFile == null) == (pinEnv == null)) {
            throw invalid(name, "must give its PIN by exactly one of \"pinFile\" and \"pinEnv\"");
        }
    }

    /** Without disabled mechanisms. */
    public TokenConfig(String name, Path library, String tokenLabel, Long slot, Path pinFile, String pinEnv) {
        this(name, library, tokenLabel, slot, pinFile, pinEnv, null);
    }

    static String checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            throw CertwizException.badUsage("a token name is letters, digits, '.', '_' and '-' (up to 63): '"
                    + (name == null ? "" : name) + "'");
        }
        return name;
    }

    /** How the token is chosen, for messages: "token label X" or "slot N". */
    public String where() {
        return tokenLabel != null ? "token label '" + tokenLabel + "'" : "slot " + slot;
    }

    /** Where the PIN comes from, for messages (never the PIN). */
    public String pinSource() {
        return pinFile != null ? "PIN file " + pinFile : "PIN from $" + pinEnv;
    }

    private static CertwizException invalid(String name, String what) {
        return CertwizException.error("tokens.json: token " + name + " " + what);
    }
}
