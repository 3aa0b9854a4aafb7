package io.certwiz.acme.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certwiz.ca.IssuedRecord;
import io.certwiz.x509.CertificateReader;
import io.javalin.http.Context;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * ACME Renewal Information (RFC 9773): {@code GET /acme/renewal-info/CERT-ID} answers the suggested renewal
 * window of a certificate this ACME server issued, with a Retry-After saying when to ask again. The
 * certificate id is base64url(authority key identifier) "." base64url(serial number), unpadded.
 */
final class RenewalInfoRoute {
    /** The directory's {@code renewalInfo}; clients append "/" and the certificate id. */
    static final String PATH = "/acme/renewal-info";

    /** How long a client waits before asking again. */
    static final Duration RETRY_AFTER = Duration.ofHours(6);

    /** Ids longer than this are refused unread (a 20-byte key id and serial take under 60 characters). */
    static final int MAX_ID_LENGTH = 256;

    /** How far back a revoked certificate's window starts. */
    static final Duration REVOKED_WINDOW = Duration.ofHours(1);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AcmeServerStorage storage;

    RenewalInfoRoute(AcmeServerStorage storage) {
        this.storage = storage;
    }

    /** A suggested renewal window, both ends whole seconds. */
    record Window(Instant start, Instant end) {}

    /** The parts of a certificate id. */
    record CertId(byte[] keyIdentifier, BigInteger serial) {}

    private record Found(AcmeCertificate certificate, IssuedRecord issued) {}

    void handle(Context ctx, String base) {
        CertId id = parse(ctx.pathParam("id"));
        Found found = storage.store()
                .read(tx -> storage.records()
                        .certificateBySerial(tx, id.serial())
                        .map(c -> new Found(
                                c, storage.ledger().find(tx, id.serial()).orElse(null)))
                        .orElse(null));
        if (found == null) {
            throw AcmeProblem.notFound("no certificate issued here has the serial number "
                    + id.serial().toString(16));
        }
        X509Certificate leaf = CertificateReader.read(
                        found.certificate().chainPem().getBytes(StandardCharsets.US_ASCII), null)
                .certificates()
                .getFirst();
        if (!Arrays.equals(id.keyIdentifier(), authorityKeyId(leaf))) {
            throw AcmeProblem.notFound("the certificate with this serial number has another authority key identifier");
        }
        Instant revokedAt = found.issued() == null ? null : found.issued().revokedAt();
        Window window = window(leaf, revokedAt);
        Map<String, Object> suggested = new LinkedHashMap<>();
        suggested.put("start", window.start().toString());
        suggested.put("end", window.end().toString());
        ctx.header("Retry-After", Long.toString(RETRY_AFTER.toSeconds()));
        ctx.status(200);
        ctx.contentType("application/json");
        try {
            ctx.result(JSON.writeValueAsBytes(Map.of("suggestedWindow", suggested)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The suggested window. As Let's Encrypt does, it starts at two thirds of the certificate's lifetime; it
     * ends at three quarters, so that clients spread their renewals over a twelfth of the lifetime (a week
     * of a 90-day certificate) and a quarter is left for retries before it expires. A revoked certificate
     * gets a window that ended when it was revoked, so that clients renew at once (RFC 9773 4.2).
     */
    static Window window(X509Certificate certificate, Instant revokedAt) {
        if (revokedAt != null) {
            Instant end = Instant.ofEpochSecond(revokedAt.getEpochSecond());
            return new Window(end.minus(REVOKED_WINDOW), end);
        }
        long notBefore = certificate.getNotBefore().toInstant().getEpochSecond();
        long lifetime = certificate.getNotAfter().toInstant().getEpochSecond() - notBefore;
        return new Window(
                Instant.ofEpochSecond(notBefore + lifetime * 2 / 3),
                Instant.ofEpochSecond(notBefore + lifetime * 3 / 4));
    }

    /** Reads a certificate id; a malformed one is an RFC 8555 malformed problem (400). */
    static CertId parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_ID_LENGTH) {
            throw AcmeProblem.malformed("a renewal information id is base64url(key identifier).base64url(serial)");
        }
        int dot = text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1 || text.indexOf('.', dot + 1) >= 0) {
            throw AcmeProblem.malformed("the renewal information id '" + text
                    + "' is not base64url(authority key identifier) \".\" base64url(serial number)");
        }
        byte[] keyIdentifier = base64url(text.substring(0, dot), "authority key identifier");
        byte[] serialBytes = base64url(text.substring(dot + 1), "serial number");
        BigInteger serial = new BigInteger(serialBytes);
        // DER: the shortest two's complement encoding of a positive serial.
        if (serial.signum() <= 0 || !Arrays.equals(serial.toByteArray(), serialBytes)) {
            throw AcmeProblem.malformed(
                    "the renewal information id's serial number is not a DER-encoded positive integer");
        }
        return new CertId(keyIdentifier, serial);
    }

    private static byte[] base64url(String part, String what) {
        if (!part.matches("[A-Za-z0-9_-]+")) {
            throw AcmeProblem.malformed("the renewal information id's " + what + " is not unpadded base64url");
        }
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw AcmeProblem.malformed("the renewal information id's " + what + " is not unpadded base64url");
        }
    }

    /** The key identifier of a certificate's authority key identifier extension, or null. */
    static byte[] authorityKeyId(X509Certificate certificate) {
        byte[] raw = certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        if (raw == null) {
            return null;
        }
        try {
            return AuthorityKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(raw))
                    .getKeyIdentifierOctets();
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
