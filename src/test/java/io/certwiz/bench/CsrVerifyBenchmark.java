package io.certwiz.bench;

import io.certwiz.crypto.Providers;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.bc.BcECContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
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
 * The embedded CA's first step: checking an ec-p256 request's signature. {@code jca} is BouncyCastle's
 * JCA verifier ({@code JcaContentVerifierProviderBuilder} with the BC provider), which for ECDSA checks the
 * signature twice (once more through its "raw" signature object); {@code lightweight} is BouncyCastle's
 * lightweight verifier ({@code BcECContentVerifierProviderBuilder}), one check.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CsrVerifyBenchmark {
    @Param({"jca", "lightweight"})
    public String verifier;

    private PKCS10CertificationRequest request;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", Providers.bc());
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + BenchStore.FQDN), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA")
                        .setProvider(Providers.bc())
                        .build(keys.getPrivate()));
        if (!ecP256Request()) {
            throw new IllegalStateException("the request does not verify");
        }
    }

    @Benchmark
    public boolean ecP256Request() throws Exception {
        ContentVerifierProvider provider = verifier.equals("jca")
                ? new JcaContentVerifierProviderBuilder()
                        .setProvider(Providers.bc())
                        .build(request.getSubjectPublicKeyInfo())
                : new BcECContentVerifierProviderBuilder(new DefaultDigestAlgorithmIdentifierFinder())
                        .build(PublicKeyFactory.createKey(request.getSubjectPublicKeyInfo()));
        return request.isSignatureValid(provider);
    }
}
