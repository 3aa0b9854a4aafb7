package io.certwiz.x509;

import io.certwiz.CertwizException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** The SHA-1 of a certificate's DER encoding as 40 uppercase hex digits: how a certificate is named. */
public record Thumbprint(String hex) implements Comparable<Thumbprint> {
    private static final Pattern HEX40 = Pattern.compile("[0-9A-F]{40}");
    private static final Pattern IGNORED = Pattern.compile("[\\s:]");

    public Thumbprint {
        if (!HEX40.matcher(hex).matches()) {
            throw new IllegalArgumentException("not a thumbprint: " + hex);
        }
    }

    public static Thumbprint of(X509Certificate certificate) {
        return of(der(certificate));
    }

    /** The thumbprint of a certificate's DER encoding, for one that cannot be parsed. */
    public static Thumbprint of(byte[] der) {
        return new Thumbprint(hexDigest("SHA-1", der));
    }

    /** Reads a thumbprint typed by a person: any case, spaces and colons ignored. */
    public static Thumbprint parse(String input) {
        String cleaned = IGNORED.matcher(input).replaceAll("").toUpperCase(java.util.Locale.ROOT);
        if (!HEX40.matcher(cleaned).matches()) {
            throw CertwizException.badUsage("not a thumbprint (40 hex digits expected): " + input.strip());
        }
        return new Thumbprint(cleaned);
    }

    /** True when the text looks like a thumbprint rather than a usage or file name. */
    public static boolean looksLike(String input) {
        String cleaned = IGNORED.matcher(input).replaceAll("").toUpperCase(java.util.Locale.ROOT);
        return HEX40.matcher(cleaned).matches();
    }

    private static final Pattern HEX64 = Pattern.compile("[0-9A-F]{64}");

    /** The SHA-256 thumbprint a person typed (any case, spaces and colons ignored), or null when it is none. */
    public static String sha256OrNull(String input) {
        String cleaned = IGNORED.matcher(input).replaceAll("").toUpperCase(java.util.Locale.ROOT);
        return HEX64.matcher(cleaned).matches() ? cleaned : null;
    }

    /** SHA-256 of the DER encoding, 64 uppercase hex digits. */
    public static String sha256(X509Certificate certificate) {
        return hexDigest("SHA-256", der(certificate));
    }

    static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw CertwizException.error("certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    static String hexDigest(String algorithm, byte[] data) {
        try {
            return HexFormat.of()
                    .withUpperCase()
                    .formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from the JDK", e);
        }
    }

    @Override
    public int compareTo(Thumbprint other) {
        return hex.compareTo(other.hex);
    }

    @Override
    public String toString() {
        return hex;
    }
}
