package io.certwiz.acme.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import io.certwiz.CertwizException;
import io.certwiz.acme.server.SignedRequests.KeyMode;
import io.certwiz.ca.IssuedRecord;
import io.certwiz.crypto.Providers;
import io.certwiz.x509.CertificateReader;
import io.certwiz.x509.Thumbprint;
import io.javalin.http.Context;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * Revocation (RFC 8555 7.6): by the account that ordered the certificate, by an account holding valid
 * authorizations for all its names, or signed with the certificate's own key.
 */
final class Revocations {
    static final Set<Integer> REASONS = Set.of(0, 1, 3, 4, 5, 9);

    private final AcmeServerStorage storage;
    private final GroupCommit writes;
    private final SignedRequests requests;
    private final AcmeIssuer issuer;
    private final Clock clock;

    Revocations(
            AcmeServerStorage storage, GroupCommit writes, SignedRequests requests, AcmeIssuer issuer, Clock clock) {
        this.storage = storage;
        this.writes = writes;
        this.requests = requests;
        this.issuer = issuer;
        this.clock = clock;
    }

    void revoke(Context ctx, String base) throws IOException {
        SignedRequest request = requests.verify(ctx, base, KeyMode.EITHER);
        JsonNode payload = request.payload();
        String text = payload.path("certificate").asText("");
        if (text.isEmpty() || !text.matches("[A-Za-z0-9_-]+")) {
            throw AcmeProblem.malformed("revokeCert needs 'certificate': the DER certificate in base64url");
        }
        int reason = payload.path("reason").asInt(0);
        if (payload.has("reason") && (!payload.get("reason").isInt() || !REASONS.contains(reason))) {
            throw new AcmeProblem(
                    ProblemType.BAD_REVOCATION_REASON,
                    "the revocation reason " + payload.get("reason") + " is not one of " + new TreeSet<>(REASONS));
        }
        X509Certificate certificate;
        try {
            certificate = CertificateReader.certificate(Base64.getUrlDecoder().decode(text));
        } catch (CertwizException | IllegalArgumentException e) {
            throw AcmeProblem.malformed("the certificate cannot be parsed");
        }
        try {
            certificate.verify(issuer.issuer().getPublicKey(), Providers.bc());
        } catch (GeneralSecurityException e) {
            throw AcmeProblem.notFound("the certificate was not issued by this CA");
        }
        BigInteger serial = certificate.getSerialNumber();
        List<String> names = dnsNames(certificate);
        Instant now = clock.instant();
        writes.write(tx -> {
            IssuedRecord issued = storage.ledger()
                    .find(tx, serial)
                    .orElseThrow(() -> AcmeProblem.notFound("the certificate was not issued by this CA"));
            if (issued.revokedAt() != null) {
                throw new AcmeProblem(ProblemType.ALREADY_REVOKED, "the certificate was revoked already");
            }
            String actor;
            if (request.account() == null) {
                requireCertificateKey(request, certificate);
                actor = "acme:certificate-key";
            } else {
                String account = request.account().id();
                boolean ordered = storage.records()
                        .certificateBySerial(tx, serial)
                        .map(c -> c.accountId().equals(account))
                        .orElse(false);
                boolean authorized = !names.isEmpty()
                        && names.stream()
                                .allMatch(n -> !storage.records()
                                        .validAuthorizations(tx, account, n, now)
                                        .isEmpty());
                if (!ordered && !authorized) {
                    throw AcmeProblem.unauthorized(
                            "the account neither ordered this certificate nor holds authorizations for all its names");
                }
                actor = "acme:" + account;
            }
            storage.ledger().revoke(tx, serial, now, reason);
            storage.audit()
                    .append(
                            tx,
                            now,
                            actor,
                            "acme.revoke",
                            List.of(Thumbprint.of(certificate).hex()),
                            "serial=" + serial.toString(16) + " reason=" + reason);
            return null;
        });
        ctx.status(200);
        ctx.result(new byte[0]);
    }

    private static void requireCertificateKey(SignedRequest request, X509Certificate certificate) {
        try {
            PublicKey key = ((AsymmetricJWK) request.key()).toPublicKey();
            if (!Arrays.equals(key.getEncoded(), certificate.getPublicKey().getEncoded())) {
                throw AcmeProblem.unauthorized("the request is not signed by the certificate's key");
            }
        } catch (JOSEException | ClassCastException e) {
            throw AcmeProblem.unauthorized("the request is not signed by the certificate's key");
        }
    }

    private static List<String> dnsNames(X509Certificate certificate) {
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans == null) {
                return List.of();
            }
            List<String> names = new ArrayList<>();
            for (List<?> san : sans) {
                if (Integer.valueOf(GeneralName.dNSName).equals(san.get(0))) {
                    names.add(String.valueOf(san.get(1)).toLowerCase(Locale.ROOT));
                }
            }
            return names;
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }
}
