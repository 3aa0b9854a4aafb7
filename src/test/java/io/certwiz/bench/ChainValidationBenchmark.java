package io.certwiz.bench;

import io.certwiz.certificate.StoredCertificate;
import io.certwiz.request.RequestOutcome;
import io.certwiz.request.RequestSpec;
import io.certwiz.trust.ChainAnalyzer;
import io.certwiz.trust.ChainReport;
import io.certwiz.trust.PathResult;
import io.certwiz.trust.PathValidator;
import io.certwiz.trust.TrustSnapshot;
import io.certwiz.trust.ValidationRequest;
import io.certwiz.usage.Usage;
import io.certwiz.x509.ExtendedKeyUsage;
import io.certwiz.x509.KeyType;
import io.certwiz.x509.Thumbprint;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Chain validations per second for a certificate the embedded CA issued (leaf, P-256 issuing CA, P-384
 * root). The certificates are parsed from DER in every operation, as the real flows do when they read
 * them from the store: the JDK caches a signature check on the certificate object, so re-using parsed
 * objects would measure that cache instead of the validation.
 *
 * <ul>
 *   <li>{@code pathValidator}: {@link PathValidator#validate} (RFC 5280 via the JDK's PKIX builder) with
 *       the host name and serverAuth checks, as {@code certwiz verify --trusted} runs it;
 *   <li>{@code chainAnalyzer}: {@link ChainAnalyzer#analyze}, the wizard's element-by-element chain
 *       report that ends with the same PKIX validation;
 *   <li>{@code chainAnalyzerFromStore}: the same, with the leaf and the {@code root} and
 *       {@code intermediate} stores read from SQLite in a read transaction, as the request status page,
 *       {@code show}, {@code usages} and {@code assign} do.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class ChainValidationBenchmark {
    @Param({"ec-p256", "rsa-2048"})
    public String key;

    private BenchStore store;
    private Thumbprint thumbprint;
    private byte[] leafDer;
    private byte[] intermediateDer;
    private byte[] rootDer;
    private CertificateFactory factory;
    private Instant now;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        store = BenchStore.create();
        RequestOutcome outcome = store.certwiz()
                .requests()
                .online(RequestSpec.forUsages(List.of(Usage.WebServicesInternal), KeyType.parse(key)));
        thumbprint = Thumbprint.parse(outcome.certificate().thumbprint());
        StoredCertificate leaf = store.certwiz().store().read(tx -> tx.certificate(thumbprint)).orElseThrow();
        TrustSnapshot trust = store.certwiz().store().read(TrustSnapshot::load);
        leafDer = leaf.certificate().getEncoded();
        intermediateDer = trust.intermediates().getFirst().getEncoded();
        rootDer = trust.roots().getFirst().getEncoded();
        factory = CertificateFactory.getInstance("X.509");
        now = Instant.now();
        if (!pathValidator().valid() || !chainAnalyzer().trusted() || !chainAnalyzerFromStore().trusted()) {
            throw new IllegalStateException("the benchmark's chain does not validate");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        store.close();
    }

    private X509Certificate parse(byte[] der) throws CertificateException {
        return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
    }

    @Benchmark
    public PathResult pathValidator() throws CertificateException {
        ValidationRequest request = ValidationRequest.of(
                        parse(leafDer), List.of(parse(intermediateDer)), List.of(parse(rootDer)), now)
                .withName(BenchStore.FQDN, null)
                .withEkus(List.of(ExtendedKeyUsage.SERVER_AUTH));
        return PathValidator.validate(request);
    }

    @Benchmark
    public ChainReport chainAnalyzer() throws CertificateException {
        return new ChainAnalyzer(List.of(parse(rootDer)), List.of(parse(intermediateDer)))
                .analyze(parse(leafDer), now);
    }

    @Benchmark
    public ChainReport chainAnalyzerFromStore() {
        return store.certwiz().store().read(tx -> {
            X509Certificate leaf = tx.certificate(thumbprint).orElseThrow().certificate();
            return TrustSnapshot.load(tx).analyzer().analyze(leaf, now);
        });
    }
}
