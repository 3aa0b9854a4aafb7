package io.certwiz.keystore;

import io.certwiz.CertwizException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 7512 {@code pkcs11:} URI naming a private key object on a token: the token's label (or its slot
 * when the label is unknown), the object's CKA_ID and its type. Only the path attributes certwiz writes
 * are read back; the rest are kept but not used.
 */
public record Pkcs11Uri(String token, Long slotId, byte[] id, String type) {
    public static final String SCHEME = "pkcs11:";
    private static final String HEX = "0123456789ABCDEF";

    /** The URI of the private key with CKA_ID {@code id} on the token labelled {@code token} (or in {@code slotId}). */
    public static Pkcs11Uri privateKey(String token, Long slotId, byte[] id) {
        return new Pkcs11Uri(token, token == null ? slotId : null, id.clone(), "private");
    }

    public static boolean isUri(String text) {
        return text != null && text.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    public static Pkcs11Uri parse(String text) {
        if (!isUri(text)) {
            throw CertwizException.error("not a pkcs11: URI: " + text);
        }
        String rest = text.substring(SCHEME.length());
        int query = rest.indexOf('?');
        String path = query < 0 ? rest : rest.substring(0, query);
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String part : path.split(";")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw CertwizException.error("a malformed pkcs11: URI attribute: " + part);
            }
            attributes.put(part.substring(0, eq), part.substring(eq + 1));
        }
        String slot = attributes.get("slot-id");
        String token = attributes.get("token");
        String id = attributes.get("id");
        if (id == null || (token == null && slot == null)) {
            throw CertwizException.error("a pkcs11: URI names no token or no object id: " + text);
        }
        try {
            return new Pkcs11Uri(
                    token == null ? null : new String(decode(token), StandardCharsets.UTF_8),
                    slot == null ? null : Long.parseLong(slot),
                    decode(id),
                    attributes.get("type"));
        } catch (NumberFormatException e) {
            throw CertwizException.error("a pkcs11: URI with a slot-id that is no number: " + text);
        }
    }

    /** The object's CKA_ID as the token's key store names it (certwiz writes ASCII ids). */
    public String alias() {
        return new String(id, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(SCHEME);
        if (token != null) {
            out.append("token=").append(encode(token.getBytes(StandardCharsets.UTF_8), false));
        } else {
            out.append("slot-id=").append(slotId);
        }
        out.append(";id=").append(encode(id, true));
        if (type != null) {
            out.append(";type=").append(type);
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Pkcs11Uri uri && uri.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    /** Percent-encoding: every byte of an id (as p11-kit writes them), else all but RFC 3986's unreserved characters. */
    private static String encode(byte[] bytes, boolean everyByte) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xFF;
            boolean unreserved = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~';
            if (unreserved && !everyByte) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
            }
        }
        return out.toString();
    }

    private static byte[] decode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(text.charAt(i + 2), 16);
                if (low < 0) {
                    throw CertwizException.error("a malformed percent-encoding in a pkcs11: URI: " + text);
                }
                out.write(high << 4 | low);
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }
}
