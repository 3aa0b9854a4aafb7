package io.certwiz.bench;

import io.certwiz.certificate.CertificateRecords;
import io.certwiz.certificate.HeldCertificates;
import io.certwiz.request.RequestSpec;
import io.certwiz.store.jdbc.SqlCertificateRecords;
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
import java.util.ArrayList;
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
 * Chain validations per second for certificates the embedded CA issued (leaf, P-256 issuing CA, P-384
 * root), one thread.
 *
 * <ul>
 *   <li>{@code pathValidator}: {@link PathValidator#validate} (RFC 5280 path building and validation)
 *       with the host name and serverAuth checks, as {@code certwiz verify --trusted} runs it;
 *   <li>{@code chainAnalyzer}: {@link ChainAnalyzer#analyze}, the wizard's element-by-element chain
 *       report, which ends with the same validation;
 *   <li>{@code chainAnalyzerFromStore}: the same with the leaf and the {@code root} and
 *       {@code intermediate} stores read from SQLite in one read transaction, as the request status
 *       page, {@code show}, {@code usages} and {@code assign} do.
 * </ul>
 *
 * <p>Each operation takes the next of {@code leaves} distinct leaves, parsed from DER. Two JDK caches
 * matter here, as they do in certwiz: the X.509 certificate factory returns the same object for DER it
 * parsed recently (up to 750 certificates), and that object remembers a signature check made with
 * {@code verify(key)}. With {@code leaves=1} every operation re-validates the same chain (a server seeing
 * the same peer again); with 1000 leaves, more than the factory keeps, each leaf's signature is checked
 * afresh while the CA certificates stay cached, as when validating many different certificates.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class ChainValidationBenchmark {
    @Param({"1000", "1"})
    public int leaves;

    private static final CertificateRecords CERTIFICATES = new SqlCertificateRecords();
    private static final HeldCertificates HELD = new HeldCertificates(CERTIFICATES, null, null);

    private BenchStore store;
    private final List<Thumbprint> thumbprints = new ArrayList<>();
    private final List<byte[]> leafDers = new ArrayList<>();
    private byte[] intermediateDer;
    private byte[] rootDer;
    private CertificateFactory factory;
    private Instant now;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        store = BenchStore.create();
        factory = CertificateFactory.getInstance("X.509");
        RequestSpec spec = RequestSpec.forUsages(List.of(Usage.WebServicesInternal), KeyType.EC_P256);
        for (int i = 0; i < leaves; i++) {
            Thumbprint thumbprint = Thumbprint.parse(
                    store.certwiz().requests().online(spec).certificate().thumbprint());
            thumbprints.add(thumbprint);
            leafDers.add(store.certwiz()
                    .store()
                    .read(tx -> CERTIFICATES.find(tx, thumbprint))
                    .orElseThrow()
                    .certificate()
                    .getEncoded());
        }
        TrustSnapshot trust = store.certwiz().store().read(tx -> HELD.trust(tx));
        intermediateDer = trust.intermediates().getFirst().getEncoded();
        rootDer = trust.roots().getFirst().getEncoded();
        now = Instant.now();
        if (!pathValidator().valid()
                || !chainAnalyzer().trusted()
                || !chainAnalyzerFromStore().trusted()) {
            throw new IllegalStateException("the benchmark's chain does not validate");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        store.close();
    }

    private int nextLeaf() {
        int index = next;
        next = (next + 1) % leaves;
        return index;
    }

    private X509Certificate parse(byte[] der) throws CertificateException {
        return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
    }

    @Benchmark
    public PathResult pathValidator() throws CertificateException {
        ValidationRequest request = ValidationRequest.of(
                        parse(leafDers.get(nextLeaf())), List.of(parse(intermediateDer)), List.of(parse(rootDer)), now)
                .withName(BenchStore.FQDN, null)
                .withEkus(List.of(ExtendedKeyUsage.SERVER_AUTH));
        return PathValidator.validate(request);
    }

    @Benchmark
    public ChainReport chainAnalyzer() throws CertificateException {
        return new ChainAnalyzer(List.of(parse(rootDer)), List.of(parse(intermediateDer)))
                .analyze(parse(leafDers.get(nextLeaf())), now);
    }

    @Benchmark
    public ChainReport chainAnalyzerFromStore() {
        Thumbprint thumbprint = thumbprints.get(nextLeaf());
        return store.certwiz().store().read(tx -> {
            X509Certificate leaf =
                    CERTIFICATES.find(tx, thumbprint).orElseThrow().certificate();
            return HELD.trust(tx).analyzer().analyze(leaf, now);
        });
    }
}
