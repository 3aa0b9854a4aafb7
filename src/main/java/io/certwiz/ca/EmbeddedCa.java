package io.certwiz.ca;

import io.certwiz.CertwizException;
import io.certwiz.DurationText;
import io.certwiz.crypto.KeyOwner;
import io.certwiz.crypto.KeyRecords;
import io.certwiz.crypto.Providers;
import io.certwiz.crypto.StoredKey;
import io.certwiz.keystore.KeyService;
import io.certwiz.store.Settings;
import io.certwiz.store.Store;
import io.certwiz.store.Transaction;
import io.certwiz.usage.Usage;
import io.certwiz.x509.CertificateReader;
import io.certwiz.x509.Thumbprint;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * The CA inside certwiz: a root and an issuing intermediate made at {@code init}, their keys sealed in
 * the store like every other key. It issues end-entity certificates for the server's usages, with a CRL
 * distribution point and AIA (caIssuers and OCSP) URLs over plain HTTP under its PKI URL, as RFC 5280
 * clients fetch them (the plain-HTTP listener and the public listener both serve them).
 */
public final class EmbeddedCa implements CertificateAuthority {
    public static final String NAME = "embedded";
    public static final String ROOT_PEM = "ca.embedded.root";
    public static final String INTERMEDIATE_PEM = "ca.embedded.intermediate";
    public static final String INTERMEDIATE_KEY = "ca.embedded.intermediate-key";
    public static final String ROOT_KEY = "ca.embedded.root-key";
    static final String BASE_URL = "ca.embedded.base-url";
    /** The plain-HTTP base URL of the CRL, the CA certificate and the OCSP responder. */
    public static final String PKI_URL = "ca.embedded.pki-url";

    static final Duration LEAF_LIFETIME = Duration.ofDays(365);
    /** The shortest validity a request may ask for: long enough for a renewal to be planned and tried. */
    public static final Duration MIN_VALIDITY = Duration.ofMinutes(2);
    /** The longest: the default lifetime. */
    public static final Duration MAX_VALIDITY = LEAF_LIFETIME;
    /** How far notBefore is set back for clock skew; a short-lived certificate's by at most a quarter. */
    static final Duration BACKDATE = Duration.ofMinutes(5);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Store store;
    private final IssuanceLedger ledger;
    private final Clock clock;
    private final X509Certificate root;
    private final X509Certificate intermediate;
    private final PrivateKey intermediateKey;
    private final String pkiUrl;
    private final Thumbprint intermediateThumbprint;
    private final String keyLocation;
    private final CrlPublisher crls;

    private EmbeddedCa(
            Store store,
            IssuanceLedger ledger,
            Clock clock,
            X509Certificate root,
            X509Certificate intermediate,
            PrivateKey intermediateKey,
            String keyLocation,
            String pkiUrl,
            CaCrls crls) {
        this.store = store;
        this.keyLocation = keyLocation;
        this.ledger = ledger;
        this.clock = clock;
        this.root = root;
        this.intermediate = intermediate;
        this.intermediateKey = intermediateKey;
        this.pkiUrl = pkiUrl;
        this.intermediateThumbprint = Thumbprint.of(intermediate);
        this.crls = new CrlPublisher(store, ledger, crls, intermediate, this::issuingSigner, clock);
    }

    /** Loads the CA made at init; its issuing key is opened once (found on its token) and kept. */
    public static EmbeddedCa load(
            Store store,
            Settings settings,
            KeyRecords keys,
            IssuanceLedger ledger,
            CaCrls crls,
            KeyService opener,
            Clock clock) {
        return store.read(tx -> {
            String rootPem = settings.get(tx, ROOT_PEM)
                    .orElseThrow(() -> CertwizException.notFound("this store has no embedded CA; run certwiz init"));
            X509Certificate root = readPem(rootPem);
            X509Certificate intermediate =
                    readPem(settings.get(tx, INTERMEDIATE_PEM).orElseThrow());
            long keyId = Long.parseLong(settings.get(tx, INTERMEDIATE_KEY).orElseThrow());
            StoredKey key =
                    keys.find(tx, keyId).orElseThrow(() -> CertwizException.error("the embedded CA's key is missing"));
            return new EmbeddedCa(
                    store,
                    ledger,
                    clock,
                    root,
                    intermediate,
                    opener.open(key, KeyOwner.CA_ISSUING),
                    KeyService.location(key),
                    settings.get(tx, PKI_URL)
                            .orElseGet(
                                    () -> plainHttp(settings.get(tx, BASE_URL).orElse(""))),
                    crls);
        });
    }

    /**
     * The embedded CA's certificates by thumbprint, as "root" and "issuing CA", read from the settings
     * without opening a key; empty when the store has none.
     */
    public static java.util.Map<Thumbprint, String> certificates(Transaction tx, Settings settings) {
        java.util.Map<Thumbprint, String> out = new java.util.LinkedHashMap<>();
        settings.get(tx, ROOT_PEM).ifPresent(pem -> out.put(Thumbprint.of(readPem(pem)), "root"));
        settings.get(tx, INTERMEDIATE_PEM).ifPresent(pem -> out.put(Thumbprint.of(readPem(pem)), "issuing CA"));
        return out;
    }

    /**
     * The PKI URL of a store made before it had one: plain HTTP on the host of its base URL (port 80, which
     * the plain-HTTP listener is reached on when port 80 is forwarded to it).
     */
    static String plainHttp(String baseUrl) {
        if (baseUrl.isEmpty()) {
            return "";
        }
        String host = java.net.URI.create(baseUrl).getHost();
        return host == null ? "" : "http://" + host;
    }

    private static X509Certificate readPem(String pem) {
        return CertificateReader.read(pem.getBytes(StandardCharsets.US_ASCII), null)
                .certificates()
                .getFirst();
    }

    @Override
    public String name() {
        return NAME;
    }

    public X509Certificate root() {
        return root;
    }

    public X509Certificate intermediate() {
        return intermediate;
    }

    /** Where the issuing key lives: "software" or its pkcs11: URI. */
    public String keyLocation() {
        return keyLocation;
    }

    /** The plain-HTTP base URL the CRL, CA certificate and OCSP URLs of new certificates start with. */
    public String pkiUrl() {
        return pkiUrl;
    }

    public String crlUrl() {
        return pkiUrl + "/pki/crl/intermediate.crl";
    }

    public String caIssuersUrl() {
        return pkiUrl + "/pki/ca/intermediate.crt";
    }

    public String ocspUrl() {
        return pkiUrl + "/pki/ocsp";
    }

    /** The issuing CA's CRL: signed once per revocation, shared by a pool. */
    public CrlPublisher crls() {
        return crls;
    }

    /** The issuance ledger the CA records in. */
    public IssuanceLedger ledger() {
        return ledger;
    }

    @Override
    public List<X509Certificate> submit(PKCS10CertificationRequest request, List<Usage> usages) {
        Issued issued = issueUnrecorded(request, usages);
        store.write(tx -> {
            issued.record(tx);
            return null;
        });
        return issued.chain();
    }

    /** Issues at once; the issuance record is written by {@link Issued#record} in the caller's transaction. */
    @Override
    public Issued submitDeferred(PKCS10CertificationRequest request, Submission submission) {
        checkValidity(submission.validity());
        Instant now = clock.instant();
        Duration lifetime = submission.validity() == null ? LEAF_LIFETIME : submission.validity();
        X509Certificate leaf = issue(request, submission.usages(), now, lifetime);
        return new Issued(List.of(leaf, intermediate, root), tx -> record(tx, leaf, now));
    }

    private Issued issueUnrecorded(PKCS10CertificationRequest request, List<Usage> usages) {
        Instant now = clock.instant();
        X509Certificate leaf = issue(request, usages, now);
        return new Issued(List.of(leaf, intermediate, root), tx -> record(tx, leaf, now));
    }

    /** Its policy: from {@link #MIN_VALIDITY} to {@link #MAX_VALIDITY}; null asks for the default. */
    @Override
    public void checkValidity(Duration validity) {
        if (validity != null && (validity.compareTo(MIN_VALIDITY) < 0 || validity.compareTo(MAX_VALIDITY) > 0)) {
            throw CertwizException.badUsage("--validity: the embedded CA issues certificates valid from "
                    + DurationText.format(MIN_VALIDITY) + " to " + DurationText.format(MAX_VALIDITY) + ", not "
                    + DurationText.format(validity));
        }
    }

    /**
     * Signs a certificate with the given lifetime for a request whose names the caller checked (the ACME
     * server's finalize), outside any transaction. It is not handed out until {@link #record} stores it in
     * the caller's transaction; one that is never recorded is never seen.
     */
    public X509Certificate sign(PKCS10CertificationRequest request, List<Usage> usages, Duration lifetime) {
        return issue(request, usages, clock.instant(), lifetime);
    }

    /** Records a certificate from {@link #sign} as issued (for the CRL) in the caller's transaction. */
    public void record(Transaction tx, X509Certificate leaf, Instant at) {
        ledger.record(
                tx,
                new IssuedRecord(
                        leaf.getSerialNumber(),
                        Thumbprint.of(leaf),
                        intermediateThumbprint,
                        leaf.getNotAfter().toInstant(),
                        at,
                        null,
                        null));
    }

    X509Certificate issue(PKCS10CertificationRequest request, List<Usage> usages, Instant now) {
        return issue(request, usages, now, LEAF_LIFETIME);
    }

    private X509Certificate issue(
            PKCS10CertificationRequest request, List<Usage> usages, Instant now, Duration lifetime) {
        try {
            if (!signatureValid(request)) {
                throw CertwizException.refused("the request's signature does not verify: it was not made with its key");
            }
        } catch (OperatorCreationException | PKCSException e) {
            throw CertwizException.refused("the request's signature cannot be checked: " + e.getMessage());
        }
        Instant notAfter = now.plus(lifetime);
        Duration backdate = lifetime.dividedBy(4).compareTo(BACKDATE) < 0 ? lifetime.dividedBy(4) : BACKDATE;
        if (notAfter.isAfter(intermediate.getNotAfter().toInstant())) {
            notAfter = intermediate.getNotAfter().toInstant();
        }
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            SubjectPublicKeyInfo publicKey = request.getSubjectPublicKeyInfo();
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                    X500Name.getInstance(intermediate.getSubjectX500Principal().getEncoded()),
                    serial(),
                    Date.from(now.minus(backdate)),
                    Date.from(notAfter),
                    request.getSubject(),
                    publicKey);
            boolean rsa = publicKey.getAlgorithm().getAlgorithm().equals(PKCSObjectIdentifiers.rsaEncryption);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(
                            rsa ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature));
            builder.addExtension(
                    Extension.extendedKeyUsage,
                    false,
                    new ExtendedKeyUsage(CertificateProfiles.extendedKeyUsages(usages)));
            GeneralNames sans = requestedNames(request);
            if (sans != null) {
                builder.addExtension(
                        Extension.subjectAlternativeName, request.getSubject().getRDNs().length == 0, sans);
            }
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(publicKey));
            builder.addExtension(
                    Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(intermediate));
            if (!pkiUrl.isEmpty()) {
                builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                    new DistributionPoint(
                            new DistributionPointName(
                                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, crlUrl()))),
                            null,
                            null)
                }));
                builder.addExtension(
                        Extension.authorityInfoAccess, false, new AuthorityInformationAccess(new AccessDescription[] {
                            new AccessDescription(
                                    AccessDescription.id_ad_ocsp,
                                    new GeneralName(
                                            GeneralName.uniformResourceIdentifier, new DERIA5String(ocspUrl()))),
                            new AccessDescription(
                                    AccessDescription.id_ad_caIssuers,
                                    new GeneralName(
                                            GeneralName.uniformResourceIdentifier, new DERIA5String(caIssuersUrl())))
                        }));
            }
            return CertificateReader.certificate(builder.build(signer(intermediateKey)));
        } catch (GeneralSecurityException | CertIOException e) {
            throw CertwizException.error("the embedded CA cannot issue: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the request's signature verifies under its own key. An EC key's is checked by BouncyCastle's
     * lightweight verifier, which checks it once (its JCA verifier checks an ECDSA signature twice, once more
     * through a "raw" signature object); anything that one cannot take goes to the JCA verifier.
     */
    private static boolean signatureValid(PKCS10CertificationRequest request)
            throws OperatorCreationException, PKCSException {
        SubjectPublicKeyInfo key = request.getSubjectPublicKeyInfo();
        if (key.getAlgorithm().getAlgorithm().equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            try {
                return request.isSignatureValid(
                        new BcECContentVerifierProviderBuilder(new DefaultDigestAlgorithmIdentifierFinder())
                                .build(PublicKeyFactory.createKey(key)));
            } catch (IOException | OperatorCreationException | PKCSException | RuntimeException e) {
                // Not for the lightweight verifier: the JCA one decides.
            }
        }
        return request.isSignatureValid(new JcaContentVerifierProviderBuilder()
                .setProvider(Providers.bc())
                .build(key));
    }

    private static GeneralNames requestedNames(PKCS10CertificationRequest request) {
        for (Attribute attribute : request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            Extensions extensions =
                    Extensions.getInstance(attribute.getAttrValues().getObjectAt(0));
            GeneralNames names = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
            if (names != null) {
                for (GeneralName name : names.getNames()) {
                    if (name.getTagNo() != GeneralName.dNSName && name.getTagNo() != GeneralName.iPAddress) {
                        throw CertwizException.refused("the embedded CA issues DNS and IP names only");
                    }
                }
                return names;
            }
        }
        return null;
    }

    /** How many certificates this CA has issued. */
    public long issuedCount() {
        return store.read(ledger::count);
    }

    /** The current CRL of this CA's revoked certificates (valid for a week, signed again at half of it). */
    public X509CRL crl() {
        try {
            return (X509CRL) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCRL(new java.io.ByteArrayInputStream(crls.current().der()));
        } catch (GeneralSecurityException e) {
            throw CertwizException.error("the embedded CA's CRL cannot be read: " + e.getMessage(), e);
        }
    }

    /** A signer with the issuing CA's key, for what the CA signs besides certificates (CRLs, responder). */
    ContentSigner issuingSigner() {
        return signer(intermediateKey);
    }

    static ContentSigner signer(PrivateKey key) {
        String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        try {
            return Providers.signer(algorithm, key);
        } catch (OperatorCreationException e) {
            throw CertwizException.error("cannot sign with the CA key: " + e.getMessage(), e);
        }
    }

    static BigInteger serial() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        bytes[0] &= 0x7F;
        bytes[0] |= 0x40;
        return new BigInteger(bytes);
    }
}
