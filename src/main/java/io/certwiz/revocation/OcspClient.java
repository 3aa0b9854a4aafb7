package io.certwiz.revocation;

import io.certwiz.crypto.Providers;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * An RFC 6960 client: asks a certificate's responder about it (SHA-1 certificate ID, as responders expect,
 * and a nonce) and accepts an answer only when it is signed by the issuer itself or by a responder the
 * issuer authorized (issued by its key, for id-kp-OCSPSigning, valid then), is for that certificate, and is
 * current. A response is also read as it came from a cache or a TLS staple ({@link #read}).
 */
final class OcspClient {
    static final int MAX_RESPONSE_BYTES = 64 * 1024;
    static final Duration SKEW = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** An answer: good, revoked (when, reason) or unknown; its validity; the response as it came. */
    record Answer(
            String status, Instant revokedAt, String reason, Instant thisUpdate, Instant nextUpdate, byte[] der) {}

    private OcspClient() {}

    static CertificateID id(X509Certificate certificate, X509Certificate issuer) throws Exception {
        return new CertificateID(
                digests().get(CertificateID.HASH_SHA1),
                new X509CertificateHolder(issuer.getEncoded()),
                certificate.getSerialNumber());
    }

    /** Asks {@code url} about {@code certificate}; an IOException says why there is no usable answer. */
    static Answer ask(Fetcher fetcher, URI url, X509Certificate certificate, X509Certificate issuer, Instant at)
            throws IOException {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        byte[] request;
        try {
            request = new OCSPReqBuilder()
                    .addRequest(id(certificate, issuer))
                    .setRequestExtensions(new Extensions(
                            new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, new DEROctetString(nonce))))
                    .build()
                    .getEncoded();
        } catch (Exception e) {
            throw new IOException("cannot make the OCSP request: " + e.getMessage(), e);
        }
        byte[] response = fetcher.post(url, "application/ocsp-request", request, MAX_RESPONSE_BYTES);
        return read(response, certificate, issuer, at, nonce);
    }

    /**
     * Checks a DER OCSPResponse about {@code certificate}; {@code nonce} (when not null) must come back if
     * the responder sent one back at all.
     */
    static Answer read(byte[] response, X509Certificate certificate, X509Certificate issuer, Instant at, byte[] nonce)
            throws IOException {
        try {
            OCSPResp parsed = new OCSPResp(response);
            if (parsed.getStatus() != OCSPResp.SUCCESSFUL) {
                throw new IOException("the responder answered with error status " + parsed.getStatus());
            }
            if (!(parsed.getResponseObject() instanceof BasicOCSPResp basic)) {
                throw new IOException("the response is not a basic OCSP response");
            }
            X509CertificateHolder signer = signer(basic, issuer, at);
            if (signer == null) {
                throw new IOException("the response is not signed by the issuer or a responder it authorized");
            }
            if (!basic.isSignatureValid(new JcaContentVerifierProviderBuilder()
                    .setProvider(Providers.bc())
                    .build(signer))) {
                throw new IOException("the response's signature does not verify");
            }
            if (nonce != null) {
                Extension echoed = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
                if (echoed != null
                        && !java.util.Arrays.equals(
                                org.bouncycastle.asn1.ASN1OctetString.getInstance(echoed.getParsedValue())
                                        .getOctets(),
                                nonce)) {
                    throw new IOException("the response's nonce is not the request's");
                }
            }
            CertificateID wanted = id(certificate, issuer);
            for (SingleResp single : basic.getResponses()) {
                if (!matches(single.getCertID(), wanted, issuer)) {
                    continue;
                }
                Instant thisUpdate = single.getThisUpdate().toInstant();
                Instant nextUpdate = single.getNextUpdate() == null
                        ? null
                        : single.getNextUpdate().toInstant();
                if (thisUpdate.isAfter(at.plus(SKEW))) {
                    throw new IOException("the response is not valid yet");
                }
                if (nextUpdate != null && nextUpdate.isBefore(at.minus(SKEW))) {
                    throw new IOException("the response expired at " + nextUpdate);
                }
                Object status = single.getCertStatus();
                if (status == null) {
                    return new Answer(CertificateRevocation.GOOD, null, null, thisUpdate, nextUpdate, response);
                }
                if (status instanceof RevokedStatus revoked) {
                    int code = revoked.hasRevocationReason() ? revoked.getRevocationReason() : 0;
                    java.security.cert.CRLReason[] reasons = java.security.cert.CRLReason.values();
                    String reason = code >= 0 && code < reasons.length
                            ? CrlValidator.reasonName(reasons[code])
                            : Integer.toString(code);
                    return new Answer(
                            CertificateRevocation.REVOKED,
                            revoked.getRevocationTime().toInstant(),
                            reason,
                            thisUpdate,
                            nextUpdate,
                            response);
                }
                if (status instanceof UnknownStatus) {
                    return new Answer(CertificateRevocation.UNKNOWN, null, null, thisUpdate, nextUpdate, response);
                }
            }
            throw new IOException("the response is not about this certificate");
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("the response cannot be read: " + e.getMessage(), e);
        }
    }

    /** The same certificate: the serial, and the issuer by name and key hash (in whatever hash the responder used). */
    private static boolean matches(CertificateID got, CertificateID wanted, X509Certificate issuer) throws Exception {
        if (!got.getSerialNumber().equals(wanted.getSerialNumber())) {
            return false;
        }
        return got.matchesIssuer(new X509CertificateHolder(issuer.getEncoded()), digests());
    }

    /** The certificate that signed the response, when it is the issuer or a responder the issuer authorized. */
    private static X509CertificateHolder signer(BasicOCSPResp basic, X509Certificate issuer, Instant at)
            throws Exception {
        X509CertificateHolder issuerHolder = new X509CertificateHolder(issuer.getEncoded());
        List<X509CertificateHolder> candidates = new ArrayList<>();
        candidates.add(issuerHolder);
        if (basic.getCerts() != null) {
            candidates.addAll(List.of(basic.getCerts()));
        }
        RespID responder = basic.getResponderId();
        for (X509CertificateHolder candidate : candidates) {
            RespID byKey =
                    new RespID(candidate.getSubjectPublicKeyInfo(), digests().get(RespID.HASH_SHA1));
            RespID byName = new RespID(candidate.getSubject());
            if (!responder.equals(byKey) && !responder.equals(byName)) {
                continue;
            }
            if (candidate.getSubjectPublicKeyInfo().equals(issuerHolder.getSubjectPublicKeyInfo())) {
                return candidate;
            }
            X509Certificate delegated = new JcaX509CertificateConverter().getCertificate(candidate);
            if (authorized(delegated, issuer, at)) {
                return candidate;
            }
        }
        return null;
    }

    /** RFC 6960 4.2.2.2: issued by the issuer's key, for id-kp-OCSPSigning, valid at the time. */
    private static boolean authorized(X509Certificate delegated, X509Certificate issuer, Instant at) {
        try {
            if (!delegated.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                return false;
            }
            delegated.verify(issuer.getPublicKey(), Providers.bc());
            List<String> ekus = delegated.getExtendedKeyUsage();
            if (ekus == null || !ekus.contains(KeyPurposeId.id_kp_OCSPSigning.getId())) {
                return false;
            }
            return !at.isBefore(delegated.getNotBefore().toInstant().minus(SKEW))
                    && !at.isAfter(delegated.getNotAfter().toInstant());
        } catch (Exception e) {
            return false;
        }
    }

    private static DigestCalculatorProvider digests() throws Exception {
        return new JcaDigestCalculatorProviderBuilder()
                .setProvider(Providers.bc())
                .build();
    }
}
