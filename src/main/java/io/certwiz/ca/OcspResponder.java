package io.certwiz.ca;

import io.certwiz.CertwizException;
import io.certwiz.crypto.KeyRecords;
import io.certwiz.crypto.KeyVault;
import io.certwiz.crypto.Providers;
import io.certwiz.store.Settings;
import io.certwiz.store.Store;
import io.certwiz.x509.Thumbprint;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * The embedded CA's RFC 6960 OCSP responder: good, revoked or unknown for the certificates its issuing CA
 * issued, from the issuance ledger, signed by the delegated responder ({@link OcspSigner}). Responses are
 * signed ahead and kept (RFC 5019's way: a request's nonce is not echoed), valid for a day and signed
 * again at half of that; a revocation, seen through the stored CRL's number within a second (at once
 * through {@link #invalidate}), drops them.
 */
public final class OcspResponder {
    static final Duration VALIDITY = Duration.ofDays(1);
    static final Duration UNKNOWN_VALIDITY = Duration.ofMinutes(1);
    static final long MARKER_MILLIS = 1000;
    static final int MAX_CACHED = 100_000;
    static final int MAX_REQUESTS = 16;
    static final int PRE_SIGNED = 10_000;

    private record Key(BigInteger serial, ASN1ObjectIdentifier hash) {}

    /** What changes with every revocation: the stored CRL's number and the count of revocations. */
    private record Marker(long crlNumber, long revoked) {}

    /** One signed response, and when to sign it again. */
    private record Signed(byte[] der, Instant refreshAt) {}

    private final Store store;
    private final EmbeddedCa ca;
    private final OcspSigner signer;
    private final Clock clock;
    private final X509CertificateHolder issuer;
    private final Thumbprint issuerThumbprint;
    private final DigestCalculatorProvider digests;
    private final Map<Key, Signed> cache = new ConcurrentHashMap<>();
    private volatile Marker marker;
    private volatile long markerReadAt;

    public OcspResponder(Store store, Settings settings, KeyRecords keys, KeyVault vault, EmbeddedCa ca, Clock clock) {
        this.store = store;
        this.ca = ca;
        this.signer = new OcspSigner(store, settings, keys, vault, ca, clock);
        this.clock = clock;
        try {
            this.issuer = new X509CertificateHolder(ca.intermediate().getEncoded());
            this.digests = new JcaDigestCalculatorProviderBuilder()
                    .setProvider(Providers.bc())
                    .build();
        } catch (IOException | CertificateEncodingException | OperatorCreationException e) {
            throw CertwizException.error("cannot set up the OCSP responder: " + e.getMessage(), e);
        }
        this.issuerThumbprint = Thumbprint.of(ca.intermediate());
    }

    /** The DER OCSPResponse to a DER OCSPRequest; malformedRequest for anything else. */
    public byte[] respond(byte[] request) {
        OCSPReq parsed;
        try {
            parsed = new OCSPReq(request);
        } catch (IOException | RuntimeException e) {
            return error(OCSPRespBuilder.MALFORMED_REQUEST);
        }
        Req[] requests = parsed.getRequestList();
        if (requests.length == 0 || requests.length > MAX_REQUESTS) {
            return error(OCSPRespBuilder.MALFORMED_REQUEST);
        }
        for (Req one : requests) {
            if (!ours(one.getCertID())) {
                return error(OCSPRespBuilder.UNAUTHORIZED);
            }
        }
        checkMarker();
        Instant now = clock.instant();
        if (requests.length > 1) {
            return sign(List.of(requests).stream().map(Req::getCertID).toList(), now);
        }
        CertificateID id = requests[0].getCertID();
        Key key = new Key(id.getSerialNumber(), id.getHashAlgOID());
        Signed cached = cache.get(key);
        if (cached != null && now.isBefore(cached.refreshAt())) {
            return cached.der();
        }
        return signAndKeep(key, id, now).der();
    }

    /** Drops every kept response (a revocation made here). */
    public void invalidate() {
        cache.clear();
        markerReadAt = 0;
    }

    /**
     * Signs responses ahead for the newest certificates the CA issued that are still valid (for SHA-1
     * certificate IDs, which clients send), and signs again those at half of their validity; how many.
     */
    public int preSign() {
        checkMarker();
        Instant now = clock.instant();
        List<IssuedRecord> issued = store.read(tx -> ca.ledger().unexpired(tx, issuerThumbprint, now, PRE_SIGNED));
        int signed = 0;
        for (IssuedRecord record : issued) {
            Key key = new Key(record.serial(), OIWObjectIdentifiers.idSHA1);
            Signed cached = cache.get(key);
            if (cached == null || !now.isBefore(cached.refreshAt())) {
                signAndKeep(key, certificateId(record.serial()), now);
                signed++;
            }
        }
        cache.entrySet().removeIf(e -> !now.isBefore(e.getValue().refreshAt()));
        return signed;
    }

    private CertificateID certificateId(BigInteger serial) {
        try {
            DigestCalculator sha1 = digests.get(CertificateID.HASH_SHA1);
            return new CertificateID(sha1, issuer, serial);
        } catch (OperatorCreationException | OCSPException e) {
            throw CertwizException.error("cannot make an OCSP certificate ID: " + e.getMessage(), e);
        }
    }

    private boolean ours(CertificateID id) {
        try {
            return id.matchesIssuer(issuer, digests);
        } catch (OCSPException | RuntimeException e) {
            return false;
        }
    }

    /** Reads the stored CRL's number at most once a second; a new number (a revocation) drops the cache. */
    private void checkMarker() {
        long now = System.nanoTime() / 1_000_000;
        if (now - markerReadAt < MARKER_MILLIS) {
            return;
        }
        Marker read = store.read(
                tx -> new Marker(ca.crls().currentNumber(tx), ca.ledger().revokedCount(tx, issuerThumbprint)));
        if (!read.equals(marker)) {
            cache.clear();
            marker = read;
        }
        markerReadAt = now;
    }

    private Signed signAndKeep(Key key, CertificateID id, Instant now) {
        IssuedRecord record = store.read(tx -> ca.ledger().find(tx, id.getSerialNumber()))
                .filter(r -> r.issuer().equals(issuerThumbprint))
                .orElse(null);
        Instant thisUpdate = now.truncatedTo(ChronoUnit.SECONDS);
        Duration validity = record == null ? UNKNOWN_VALIDITY : VALIDITY;
        // CertificateStatus.GOOD is null, which List.of does not take.
        byte[] der = sign(
                List.of(id),
                java.util.Collections.singletonList(status(record)),
                thisUpdate,
                thisUpdate.plus(validity));
        Signed signed = new Signed(der, thisUpdate.plus(validity.dividedBy(2)));
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(key, signed);
        return signed;
    }

    private static CertificateStatus status(IssuedRecord record) {
        if (record == null) {
            return new UnknownStatus();
        }
        if (record.revokedAt() == null) {
            return CertificateStatus.GOOD;
        }
        Date at = Date.from(record.revokedAt().truncatedTo(ChronoUnit.SECONDS));
        Integer reason = record.revocationReason();
        return reason == null || reason == RevocationReason.unspecified.code()
                ? new RevokedStatus(at)
                : new RevokedStatus(at, reason);
    }

    private byte[] sign(List<CertificateID> ids, Instant now) {
        List<CertificateStatus> statuses = store.read(tx -> ids.stream()
                .map(id -> status(ca.ledger()
                        .find(tx, id.getSerialNumber())
                        .filter(r -> r.issuer().equals(issuerThumbprint))
                        .orElse(null)))
                .toList());
        Instant thisUpdate = now.truncatedTo(ChronoUnit.SECONDS);
        return sign(ids, statuses, thisUpdate, thisUpdate.plus(UNKNOWN_VALIDITY));
    }

    private byte[] sign(List<CertificateID> ids, List<CertificateStatus> statuses, Instant thisUpdate, Instant next) {
        OcspSigner.Responder responder = signer.responder();
        try {
            X509CertificateHolder certificate =
                    new X509CertificateHolder(responder.certificate().getEncoded());
            DigestCalculator sha1 = digests.get(CertificateID.HASH_SHA1);
            BasicOCSPRespBuilder builder =
                    new BasicOCSPRespBuilder(new RespID(certificate.getSubjectPublicKeyInfo(), sha1));
            for (int i = 0; i < ids.size(); i++) {
                builder.addResponse(ids.get(i), statuses.get(i), Date.from(thisUpdate), Date.from(next), null);
            }
            BasicOCSPResp basic = builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA")
                            .setProvider(Providers.bc())
                            .build(responder.key()),
                    new X509CertificateHolder[] {certificate},
                    Date.from(thisUpdate));
            return new OCSPRespBuilder()
                    .build(OCSPRespBuilder.SUCCESSFUL, basic)
                    .getEncoded();
        } catch (IOException | CertificateEncodingException | OperatorCreationException | OCSPException e) {
            throw CertwizException.error("the OCSP responder cannot sign: " + e.getMessage(), e);
        }
    }

    private static byte[] error(int status) {
        try {
            OCSPResp response = new OCSPRespBuilder().build(status, null);
            return response.getEncoded();
        } catch (IOException | OCSPException e) {
            throw CertwizException.error("cannot encode an OCSP error: " + e.getMessage(), e);
        }
    }
}
