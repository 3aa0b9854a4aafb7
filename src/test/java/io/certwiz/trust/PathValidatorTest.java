package io.certwiz.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.Problem;
import io.certwiz.x509.ExtendedKeyUsage;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.PolicyConstraints;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** {@link PathValidator} on small hand-made PKIs (x509-limbo covers the long tail, see X509LimboTest). */
class PathValidatorTest {
    static final Instant NOW = Instant.now();
    static final SecureRandom RANDOM = new SecureRandom();
    static final List<ExtendedKeyUsage> SERVER = List.of(ExtendedKeyUsage.SERVER_AUTH);

    record Ca(X509Certificate certificate, KeyPair keys) {}

    /** Options for one certificate; the defaults make a well-formed CA or TLS server certificate. */
    static final class Spec {
        String subject;
        boolean ca;
        boolean aki = true;
        Instant notBefore = NOW.minus(Duration.ofDays(1));
        Instant notAfter = NOW.plus(Duration.ofDays(30));
        List<String> dnsNames = List.of();
        boolean serverAuth = true;
        BigInteger serial = new BigInteger(64, RANDOM).add(BigInteger.ONE);
        Consumer<X509v3CertificateBuilder> extra = b -> {};

        Spec(String subject, boolean ca) {
            this.subject = subject;
            this.ca = ca;
        }
    }

    static KeyPair keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static Ca issue(Spec spec, Ca issuer, KeyPair keys) throws Exception {
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        X500Name subject = new X500Name("CN=" + spec.subject);
        X500Name issuerName = issuer == null
                ? subject
                : X500Name.getInstance(
                        issuer.certificate().getSubjectX500Principal().getEncoded());
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                issuerName,
                spec.serial,
                Date.from(spec.notBefore),
                Date.from(spec.notAfter),
                subject,
                keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(spec.ca));
        builder.addExtension(
                Extension.keyUsage,
                true,
                new KeyUsage(spec.ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
        builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
        if (issuer != null && spec.aki) {
            builder.addExtension(
                    Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuer.certificate()));
        }
        if (!spec.dnsNames.isEmpty()) {
            builder.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(spec.dnsNames.stream()
                            .map(n -> new GeneralName(GeneralName.dNSName, n))
                            .toArray(GeneralName[]::new)));
        }
        if (!spec.ca && spec.serverAuth) {
            builder.addExtension(
                    Extension.extendedKeyUsage,
                    false,
                    new org.bouncycastle.asn1.x509.ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        }
        spec.extra.accept(builder);
        KeyPair signer = issuer == null ? keys : issuer.keys();
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
        return new Ca(certificate, keys);
    }

    static Ca issue(Spec spec, Ca issuer) throws Exception {
        return issue(spec, issuer, keys());
    }

    static Ca root(String name) throws Exception {
        return issue(new Spec(name, true), null);
    }

    static Spec leaf(String... names) {
        Spec spec = new Spec(names[0], false);
        spec.dnsNames = List.of(names);
        return spec;
    }

    static PathResult validate(Ca leaf, List<Ca> intermediates, Ca root, String dnsName, List<ExtendedKeyUsage> ekus) {
        List<X509Certificate> untrusted = new ArrayList<>();
        intermediates.forEach(c -> untrusted.add(c.certificate()));
        return PathValidator.validate(
                ValidationRequest.of(leaf.certificate(), untrusted, List.of(root.certificate()), NOW)
                        .withName(dnsName, null)
                        .withEkus(ekus));
    }

    static List<String> messages(PathResult result) {
        return result.problems().stream().map(Problem::message).toList();
    }

    @Test
    void aWellFormedChainIsValid() throws Exception {
        Ca root = root("Root");
        Ca issuing = issue(new Spec("Issuing", true), root);
        Ca leaf = issue(leaf("www.example.com", "*.apps.example.com"), issuing);

        PathResult result = validate(leaf, List.of(issuing), root, "x.apps.example.com", SERVER);

        assertThat(result.problems()).isEmpty();
        assertThat(result.path()).containsExactly(leaf.certificate(), issuing.certificate(), root.certificate());
        assertThat(validate(leaf, List.of(issuing), root, "a.b.apps.example.com", SERVER)
                        .problems())
                .extracting(Problem::code)
                .containsExactly("NAME_NOT_COVERED");
    }

    @Test
    void anIntermediateWithoutAuthorityKeyIdentifierIsRefused() throws Exception {
        Ca root = root("Root");
        Spec spec = new Spec("Issuing", true);
        spec.aki = false;
        Ca issuing = issue(spec, root);
        Ca leaf = issue(leaf("www.example.com"), issuing);

        PathResult result = validate(leaf, List.of(issuing), root, "www.example.com", SERVER);

        assertThat(result.valid()).isFalse();
        assertThat(messages(result))
                .anySatisfy(m -> assertThat(m).contains("CN=Issuing has no authority key identifier"));
    }

    @Test
    void theBuilderFindsTheValidOneOfTwoIssuers() throws Exception {
        Ca root = root("Root");
        KeyPair issuingKeys = keys();
        Spec expiredSpec = new Spec("Issuing", true);
        expiredSpec.notAfter = NOW.minus(Duration.ofHours(1));
        Ca expired = issue(expiredSpec, root, issuingKeys);
        Ca current = issue(new Spec("Issuing", true), root, issuingKeys);
        Ca leaf = issue(leaf("www.example.com"), current);

        PathResult result = validate(leaf, List.of(expired, current), root, "www.example.com", SERVER);

        assertThat(result.problems()).isEmpty();
        assertThat(result.path().get(1)).isEqualTo(current.certificate());
        assertThat(validate(leaf, List.of(expired), root, "www.example.com", SERVER)
                        .valid())
                .isFalse();
    }

    @Test
    void theTrustAnchorsNameConstraintsApplyAndWildcardsCannotSlipPastThem() throws Exception {
        NameConstraints constraints = new NameConstraints(
                new GeneralSubtree[] {new GeneralSubtree(new GeneralName(GeneralName.dNSName, "example.com"))},
                new GeneralSubtree[] {new GeneralSubtree(new GeneralName(GeneralName.dNSName, "bar.example.com"))});
        Spec rootSpec = new Spec("Constrained Root", true);
        rootSpec.extra = b -> add(b, Extension.nameConstraints, true, constraints);
        Ca root = issue(rootSpec, null);

        assertThat(validate(issue(leaf("www.example.com"), root), List.of(), root, "www.example.com", SERVER)
                        .problems())
                .isEmpty();
        assertThat(validate(issue(leaf("www.example.org"), root), List.of(), root, "www.example.org", SERVER)
                        .valid())
                .isFalse();
        PathResult wildcard = validate(issue(leaf("*.example.com"), root), List.of(), root, "foo.example.com", SERVER);
        assertThat(wildcard.valid()).isFalse();
        assertThat(messages(wildcard)).anySatisfy(m -> assertThat(m).contains("is excluded by the name constraints"));
    }

    @Test
    void aCaCertificateIsALeafOnlyWithoutATlsPurpose() throws Exception {
        Ca root = root("Root");
        Ca issuing = issue(new Spec("Issuing", true), root);

        assertThat(validate(issuing, List.of(), root, null, List.of()).problems())
                .isEmpty();
        assertThat(validate(issuing, List.of(), root, null, SERVER).valid()).isFalse();
        // A trusted self-signed certificate validates by itself.
        assertThat(validate(root, List.of(), root, null, List.of()).problems()).isEmpty();
    }

    @Test
    void requireExplicitPolicyNeedsAPolicyOnEveryCertificateBelow() throws Exception {
        ASN1ObjectIdentifier policy = new ASN1ObjectIdentifier("2.23.140.1.2.1");
        Ca root = root("Root");
        Spec issuingSpec = new Spec("Issuing", true);
        issuingSpec.extra = b -> {
            add(b, Extension.policyConstraints, true, new PolicyConstraints(BigInteger.ZERO, null));
            add(b, Extension.certificatePolicies, false, new CertificatePolicies(new PolicyInformation(policy)));
        };
        Ca issuing = issue(issuingSpec, root);
        Ca without = issue(leaf("www.example.com"), issuing);
        Spec withSpec = leaf("www.example.com");
        withSpec.extra = b ->
                add(b, Extension.certificatePolicies, false, new CertificatePolicies(new PolicyInformation(policy)));
        Ca with = issue(withSpec, issuing);

        assertThat(validate(with, List.of(issuing), root, "www.example.com", SERVER)
                        .problems())
                .isEmpty();
        PathResult result = validate(without, List.of(issuing), root, "www.example.com", SERVER);
        assertThat(messages(result)).anySatisfy(m -> assertThat(m).contains("explicit policy is required"));
    }

    @Test
    void theMaximumChainDepthCountsIntermediates() throws Exception {
        Ca root = root("Root");
        Ca first = issue(new Spec("First", true), root);
        Ca second = issue(new Spec("Second", true), first);
        Ca leaf = issue(leaf("www.example.com"), second);
        ValidationRequest request = ValidationRequest.of(
                        leaf.certificate(),
                        List.of(first.certificate(), second.certificate()),
                        List.of(root.certificate()),
                        NOW)
                .withEkus(SERVER);

        assertThat(PathValidator.validate(request.withMaxChainDepth(2)).problems())
                .isEmpty();
        assertThat(PathValidator.validate(request.withMaxChainDepth(1)).valid()).isFalse();
    }

    @Test
    void leafProblemsAreReported() throws Exception {
        Ca root = root("Root");
        Spec noEku = leaf("www.example.com");
        noEku.serverAuth = false;
        Ca leaf = issue(noEku, root);

        assertThat(validate(leaf, List.of(), root, "www.example.com", List.of()).problems())
                .isEmpty();
        assertThat(validate(leaf, List.of(), root, "www.example.com", SERVER).problems())
                .extracting(Problem::code)
                .containsExactly("EKU_MISSING");
        Spec expired = leaf("www.example.com");
        expired.notAfter = NOW.minus(Duration.ofSeconds(1));
        assertThat(messages(validate(issue(expired, root), List.of(), root, "www.example.com", SERVER)))
                .anySatisfy(m -> assertThat(m).contains("expired"));
    }

    @Test
    void aKeyRollOverValidatesInBothDirections() throws Exception {
        // RFC 4210 4.4: the old and the new root share a name; each key certifies the other.
        KeyPair oldKey = keys();
        KeyPair newKey = keys();
        Ca oldRoot = issue(new Spec("Root", true), null, oldKey);
        Ca newRoot = issue(new Spec("Root", true), null, newKey);
        Ca newWithOld = issue(new Spec("Root", true), oldRoot, newKey);
        Ca oldWithNew = issue(new Spec("Root", true), newRoot, oldKey);
        Ca issuingUnderNew = issue(new Spec("Issuing", true), newRoot);
        Ca leafUnderNew = issue(leaf("www.example.com"), issuingUnderNew);
        Ca leafUnderOld = issue(leaf("www.example.com"), oldRoot);
        List<Ca> all = List.of(newRoot, oldRoot, newWithOld, oldWithNew, issuingUnderNew);

        PathResult oldTrusted = validate(leafUnderNew, all, oldRoot, "www.example.com", SERVER);
        assertThat(oldTrusted.problems()).isEmpty();
        assertThat(oldTrusted.path())
                .containsExactly(
                        leafUnderNew.certificate(),
                        issuingUnderNew.certificate(),
                        newWithOld.certificate(),
                        oldRoot.certificate());
        assertThat(validate(leafUnderOld, all, newRoot, "www.example.com", SERVER)
                        .path())
                .containsExactly(leafUnderOld.certificate(), oldWithNew.certificate(), newRoot.certificate());
        // The roll-over certificate itself trusted: self-issued, its key identifiers naming the other key.
        assertThat(validate(leafUnderNew, List.of(issuingUnderNew), newWithOld, "www.example.com", SERVER)
                        .problems())
                .isEmpty();
        // A look-alike signed by neither root key links nothing.
        Ca forged = issue(new Spec("Root", true), issue(new Spec("Root", true), null), newKey);
        assertThat(validate(leafUnderNew, List.of(issuingUnderNew, forged), oldRoot, "www.example.com", SERVER)
                        .valid())
                .isFalse();
    }

    @Test
    void serialNumbersUpToTwentyOctetsAreAccepted() throws Exception {
        Ca root = root("Root");
        BigInteger twentyOctets = BigInteger.ONE.shiftLeft(160).subtract(BigInteger.ONE);
        for (BigInteger serial : List.of(twentyOctets, twentyOctets.shiftRight(1))) {
            Spec spec = leaf("www.example.com");
            spec.serial = serial;
            assertThat(validate(issue(spec, root), List.of(), root, "www.example.com", SERVER)
                            .problems())
                    .as("a serial of %d bits (%d octets in DER)", serial.bitLength(), serial.toByteArray().length)
                    .isEmpty();
        }
        Spec tooLong = leaf("www.example.com");
        tooLong.serial = twentyOctets.add(BigInteger.ONE);
        assertThat(messages(validate(issue(tooLong, root), List.of(), root, "www.example.com", SERVER)))
                .anySatisfy(m -> assertThat(m).contains("has a serial number longer than 20 octets"));
    }

    private static void add(
            X509v3CertificateBuilder builder, ASN1ObjectIdentifier oid, boolean critical, Object value) {
        try {
            builder.addExtension(oid, critical, (org.bouncycastle.asn1.ASN1Encodable) value);
        } catch (org.bouncycastle.cert.CertIOException e) {
            throw new IllegalStateException(e);
        }
    }
}
