package io.certwiz.bench;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The primitives issuance and chain validation are made of, with the JDK's providers ({@code jdk}:
 * SunEC for EC, SunRsaSign for RSA) beside BouncyCastle's ({@code bc}), one thread. These are the
 * figures certwiz chooses its providers by. Signing uses a key the provider under test made (as the
 * embedded CA's key, opened with BouncyCastle, is BouncyCastle's); verifying uses the JDK's key objects,
 * which is what a certificate parsed by the JDK hands out. {@code certificateVerifyP256} passes the
 * provider object, a call the JDK does not cache, so it checks the signature every time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ProviderBenchmark {
    @Param({"jdk", "bc"})
    public String impl;

    private static final byte[] MESSAGE = new byte[256];

    private Provider ec;
    private Provider rsa;
    private KeyPair p256;
    private KeyPair p256Own;
    private KeyPair p384;
    private KeyPair rsa2048;
    private byte[] p256Signature;
    private byte[] p384Signature;
    private byte[] certificateDer;
    private CertificateFactory factory;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Provider bc = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        if (bc == null) {
            bc = new BouncyCastleProvider();
            Security.addProvider(bc);
        }
        ec = impl.equals("bc") ? bc : Security.getProvider("SunEC");
        rsa = impl.equals("bc") ? bc : Security.getProvider("SunRsaSign");
        new SecureRandom().nextBytes(MESSAGE);
        p256 = generateEc("secp256r1");
        KeyPairGenerator own = KeyPairGenerator.getInstance("EC", ec);
        own.initialize(new ECGenParameterSpec("secp256r1"));
        p256Own = own.generateKeyPair();
        p384 = generateEc("secp384r1");
        KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA", Security.getProvider("SunRsaSign"));
        rsaGenerator.initialize(2048);
        rsa2048 = rsaGenerator.generateKeyPair();
        p256Signature = sign("SHA256withECDSA", p256);
        p384Signature = sign("SHA384withECDSA", p384);
        // A leaf signed by a P-256 CA key, as the embedded issuing CA signs them.
        X509Certificate leaf = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
                .getCertificate(new JcaX509v3CertificateBuilder(
                                new X500Name("CN=bench CA"),
                                BigInteger.ONE,
                                new Date(),
                                new Date(System.currentTimeMillis() + 86_400_000L),
                                new X500Name("CN=" + BenchStore.FQDN),
                                p384.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(p256.getPrivate())));
        certificateDer = leaf.getEncoded();
        factory = CertificateFactory.getInstance("X.509");
    }

    private static KeyPair generateEc(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", Security.getProvider("SunEC"));
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private byte[] sign(String algorithm, KeyPair keys) throws Exception {
        Signature signature = Signature.getInstance(algorithm, ec);
        signature.initSign(keys.getPrivate());
        signature.update(MESSAGE);
        return signature.sign();
    }

    private boolean verify(String algorithm, KeyPair keys, byte[] signatureBytes) throws Exception {
        Signature signature = Signature.getInstance(algorithm, ec);
        signature.initVerify(keys.getPublic());
        signature.update(MESSAGE);
        return signature.verify(signatureBytes);
    }

    @Benchmark
    public byte[] ecP256Sign() throws Exception {
        return sign("SHA256withECDSA", p256Own);
    }

    @Benchmark
    public boolean ecP256Verify() throws Exception {
        return verify("SHA256withECDSA", p256, p256Signature);
    }

    @Benchmark
    public boolean ecP384Verify() throws Exception {
        return verify("SHA384withECDSA", p384, p384Signature);
    }

    /** X509Certificate.verify with a P-256 issuer key on a freshly parsed certificate (no result cache). */
    @Benchmark
    public X509Certificate certificateVerifyP256() throws Exception {
        X509Certificate certificate =
                (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(certificateDer));
        certificate.verify(p256.getPublic(), ec);
        return certificate;
    }

    @Benchmark
    public KeyPair ecP256KeyGeneration() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", ec);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    @Benchmark
    @Warmup(iterations = 2, time = 10)
    @Measurement(iterations = 5, time = 10)
    public KeyPair rsa2048KeyGeneration() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", rsa);
        generator.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4));
        return generator.generateKeyPair();
    }

    /** What signing an rsa-2048 request costs. */
    @Benchmark
    public byte[] rsa2048Sign() throws Exception {
        Signature signature = Signature.getInstance("SHA256withRSA", rsa);
        signature.initSign(rsa2048.getPrivate());
        signature.update(MESSAGE);
        return signature.sign();
    }
}
