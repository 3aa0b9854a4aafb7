package io.certwiz.keystore;

import io.certwiz.CertwizException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tokens this process has logged in to, one per configuration: a token is opened when a key on it
 * is first needed, and stays open. A PIN the token refused is not offered again (a token locks its PIN
 * after a few wrong ones): the refusal is repeated until the PIN source holds another PIN.
 */
public final class Tokens {
    private static final Map<TokenConfig, Token> OPEN = new ConcurrentHashMap<>();
    private static final Map<TokenConfig, Refusal> REFUSED = new ConcurrentHashMap<>();

    private record Refusal(byte[] pinDigest, String message) {}

    private Tokens() {}

    /** The token, logged in; a one-line error saying why not (module missing, no such token, PIN refused). */
    public static Token open(TokenConfig config) {
        Token open = OPEN.get(config);
        if (open != null) {
            return open;
        }
        synchronized (Tokens.class) {
            open = OPEN.get(config);
            if (open != null) {
                return open;
            }
            char[] pin = Pins.read(config);
            byte[] digest = digest(pin);
            try {
                Refusal refused = REFUSED.get(config);
                if (refused != null && MessageDigest.isEqual(refused.pinDigest(), digest)) {
                    throw CertwizException.error(refused.message() + " (not tried again until the PIN changes)");
                }
                Token token;
                try {
                    token = Token.open(config, pin);
                } catch (CertwizException e) {
                    if (e.getMessage().contains("CKR_PIN_")) {
                        REFUSED.put(config, new Refusal(digest, e.getMessage()));
                    }
                    throw e;
                }
                REFUSED.remove(config);
                OPEN.put(config, token);
                return token;
            } finally {
                Arrays.fill(pin, '\0');
            }
        }
    }

    /** The PIN again, for a token that must read its objects anew. */
    static char[] pin(TokenConfig config) {
        return Pins.read(config);
    }

    private static byte[] digest(char[] pin) {
        java.nio.ByteBuffer encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(pin));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        Arrays.fill(encoded.array(), (byte) 0);
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Why a login failed, from the PKCS#11 return value when there is one (CKR_PIN_INCORRECT, ...). */
    static String loginReason(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && message.contains("CKR_")) {
                String code = message.substring(message.indexOf("CKR_")).split("[^A-Z0-9_]")[0];
                return switch (code) {
                    case "CKR_PIN_INCORRECT" -> "the token refused the PIN (CKR_PIN_INCORRECT)";
                    case "CKR_PIN_LOCKED" -> "the token's user PIN is locked (CKR_PIN_LOCKED)";
                    case "CKR_PIN_LEN_RANGE" -> "the PIN has a length the token does not take (CKR_PIN_LEN_RANGE)";
                    case "CKR_USER_PIN_NOT_INITIALIZED" ->
                        "the token has no user PIN yet (CKR_USER_PIN_NOT_INITIALIZED)";
                    case "CKR_TOKEN_NOT_PRESENT" -> "the token is not present (CKR_TOKEN_NOT_PRESENT)";
                    default -> code;
                };
            }
        }
        return oneLine(e);
    }

    /** The innermost message of {@code e}, on one line. */
    static String oneLine(Throwable e) {
        Throwable last = e;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                last = cause;
            }
        }
        String message = last.getMessage() == null ? last.toString() : last.getMessage();
        return message.replaceAll("\\s+", " ").strip();
    }
}
