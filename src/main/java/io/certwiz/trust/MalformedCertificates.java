package io.certwiz.trust;

import io.certwiz.CertwizException;
import io.certwiz.x509.CertificateReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Tells a file that holds a malformed certificate from one that holds none, once the reader has refused
 * it: {@code verify} judges the first invalid (exit 3) and reports the second as an error (exit 1). A
 * certificate is malformed when its encoding has the shape of one (RFC 5280 4.1: a SEQUENCE of a
 * TBSCertificate, an AlgorithmIdentifier and a BIT STRING) but a parser refuses what is inside, such as an
 * empty issuer name, a repeated extension or an invalid public key.
 */
public final class MalformedCertificates {
    private static final List<String> PEM_TYPES = List.of("CERTIFICATE", "X509 CERTIFICATE");

    /** A malformed certificate: its encoding and why it is refused. */
    public record Found(byte[] der, String reason) {}

    private MalformedCertificates() {}

    /** The first malformed certificate in a PEM or DER file; empty if there is none, or no certificate at all. */
    public static Optional<Found> first(byte[] file) {
        for (byte[] der : certificateEncodings(file)) {
            if (!shapedAsCertificate(der)) {
                continue;
            }
            String reason = refusal(der);
            if (reason != null) {
                return Optional.of(new Found(der, reason));
            }
        }
        return Optional.empty();
    }

    private static List<byte[]> certificateEncodings(byte[] file) {
        String text = new String(file, StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN ")) {
            return List.of(file);
        }
        List<byte[]> out = new ArrayList<>();
        try (PemReader reader = new PemReader(new StringReader(text))) {
            PemObject object;
            while ((object = reader.readPemObject()) != null) {
                if (PEM_TYPES.contains(object.getType())) {
                    out.add(object.getContent());
                }
            }
        } catch (IOException | RuntimeException e) {
            // Broken PEM (bad base64, a missing END line): not a certificate file.
            return List.of();
        }
        return out;
    }

    private static boolean shapedAsCertificate(byte[] der) {
        try {
            return ASN1Primitive.fromByteArray(der) instanceof ASN1Sequence certificate
                    && certificate.size() == 3
                    && certificate.getObjectAt(0) instanceof ASN1Sequence
                    && certificate.getObjectAt(1) instanceof ASN1Sequence
                    && certificate.getObjectAt(2) instanceof ASN1BitString;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Why the parsers refuse the certificate (the JDK's, then BouncyCastle's, as the reader uses both), or null. */
    private static String refusal(byte[] der) {
        try {
            CertificateReader.certificate(der);
        } catch (CertwizException e) {
            return e.getMessage();
        }
        try {
            new X509CertificateHolder(der);
            return null;
        } catch (IOException | RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            return "malformed certificate: " + message.lines().findFirst().orElse(message);
        }
    }
}
