package io.certwiz.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.store.Store;
import io.certwiz.store.jdbc.SqlRevocationCache;
import io.certwiz.testing.AbsentStore;
import io.certwiz.testing.CertFactory;
import io.certwiz.trust.PathValidator;
import io.certwiz.trust.ValidationRequest;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.ReasonFlags;
import org.junit.jupiter.api.Test;

/**
 * RFC 5280 6.3 CRL processing through the revocation checker, case by case: the issuer, its cRLSign key
 * usage, the CRL number (present, not critical), validity, unknown critical extensions, the issuing
 * distribution point's scope (names, end-entity or CA only, some reasons), delta CRLs (RFC 5280 5.2.4,
 * removeFromCRL) and indirect CRLs (cRLIssuer, certificateIssuer entries), and fetching from the
 * distribution point.
 */
class CrlValidatorTest {
    static final CertFactory.Issued ROOT = RevocationPki.root("Revocation Root");
    static final CertFactory.Issued CA =
            RevocationPki.ca("Revocation CA", ROOT, KeyUsage.keyCertSign | KeyUsage.cRLSign);
    static final String URL = "http://crl.example.com/ca.crl";

    /** No store: the cache is skipped, as for verify without a data directory. */
    static final Store NO_STORE = new AbsentStore();

    final Map<String, byte[]> served = new HashMap<>();
    final Fetcher fetcher = new Fetcher() {
        @Override
        public byte[] get(URI uri, int maxBytes) throws IOException {
            byte[] body = served.get(uri.toString());
            if (body == null) {
                throw new IOException("HTTP 404");
            }
            return body;
        }

        @Override
        public byte[] post(URI uri, String contentType, byte[] body, int maxBytes) throws IOException {
            throw new IOException("no OCSP here");
        }
    };

    RevocationChecker checker() {
        return new RevocationChecker(
                LocalStatus.NONE,
                new RevocationSources(NO_STORE, new SqlRevocationCache(), fetcher, Clock.systemUTC()),
                (c, intermediates, anchors, at) -> PathValidator.validate(
                                ValidationRequest.of(c, intermediates, anchors, at))
                        .valid());
    }

    Revocation check(X509Certificate leaf, RevocationPolicy policy, X509CRL... crls) {
        return checker()
                .check(
                        List.of(leaf, CA.certificate(), ROOT.certificate()),
                        List.of(),
                        List.of(ROOT.certificate()),
                        RevocationPki.NOW,
                        new RevocationChecker.Options(policy, List.of(crls), false, true));
    }

    static String leafStatus(Revocation revocation) {
        return revocation.certificates().getFirst().status();
    }

    static RevocationPki.Crl crl() {
        return new RevocationPki.Crl();
    }

    @Test
    void aCertificateOnItsIssuersCrlIsRevokedAndOneNotOnItIsGood() {
        X509Certificate leaf = RevocationPki.leaf(CA).certificate();
        X509Certificate other = RevocationPki.leaf(CA).certificate();
        X509CRL list = crl().revoke(leaf, CRLReason.keyCompromise).signedBy(CA);

        Revocation revoked = check(leaf, RevocationPolicy.hard, list);
        assertThat(revoked.status()).isEqualTo("revoked");
        assertThat(revoked.reason()).isEqualTo("keyCompromise");
        assertThat(revoked.source()).isEqualTo("crl");
        assertThat(revoked.when()).isNotNull();
        assertThat(revoked.problem().code()).isEqualTo("REVOKED");

        Revocation good = check(other, RevocationPolicy.hard, list);
        assertThat(good.status()).isEqualTo("good");
        assertThat(good.when()).isEqualTo(list.getThisUpdate().toInstant());
        assertThat(good.problem()).isNull();
        // The CA certificate names no CRL and none was given for it: not checked, which decides nothing.
        assertThat(good.certificates().get(1).status()).isEqualTo("unchecked");
    }

    @Test
    void aCrlOfAnotherIssuerIsNotUsed() {
        CertFactory.Issued otherCa = RevocationPki.ca("Revocation CA", ROOT, KeyUsage.keyCertSign | KeyUsage.cRLSign);
        X509Certificate leaf = RevocationPki.leaf(CA).certificate();
        // Same name, another key: its CRL lists the serial, but it is not this certificate's issuer's.
        X509CRL forged = crl().revoke(leaf, CRLReason.keyCompromise).signedBy(otherCa);
        Revocation revocation = check(leaf, RevocationPolicy.hard, forged);
        assertThat(revocation.status()).isEqualTo("unknown");
        assertThat(revocation.problem().code()).isEqualTo("REVOCATION_UNKNOWN");
        assertThat(revocation.message()).contains("signature");
        // Under soft fail the same is a warning, not a refusal.
        Revocation soft = check(leaf, RevocationPolicy.soft, forged);
        assertThat(soft.problem()).isNull();
        assertThat(soft.warning()).isNotNull();

        CertFactory.Issued stranger = RevocationPki.ca("Stranger CA", ROOT, KeyUsage.keyCertSign | KeyUsage.cRLSign);
        X509CRL strangers = crl().revoke(leaf, CRLReason.keyCompromise).signedBy(stranger);
        X509CRL own = crl().signedBy(CA);
        assertThat(check(leaf, RevocationPolicy.hard, strangers, own).status()).isEqualTo("good");
    }

    @Test
    void theIssuerMustAllowCrlSigningWhenItRestrictsItsKeyUsage() {
        CertFactory.Issued noCrlSign = RevocationPki.ca("No CRL Sign CA", ROOT, KeyUsage.keyCertSign);
        X509Certificate leaf = RevocationPki.leaf(noCrlSign).certificate();
        Revocation revocation = checker()
                .check(
                        List.of(leaf, noCrlSign.certificate(), ROOT.certificate()),
                        List.of(),
                        List.of(ROOT.certificate()),
                        RevocationPki.NOW,
                        new RevocationChecker.Options(
                                RevocationPolicy.hard, List.of(crl().signedBy(noCrlSign)), false, false));
        assertThat(revocation.status()).isEqualTo("unknown");
        assertThat(revocation.message()).contains("cRLSign");

        CertFactory.Issued noKeyUsage = RevocationPki.ca("No Key Usage CA", ROOT, 0);
        X509Certificate other = RevocationPki.leaf(noKeyUsage).certificate();
        Revocation fine = checker()
                .check(
                        List.of(other, noKeyUsage.certificate(), ROOT.certificate()),
                        List.of(),
                        List.of(ROOT.certificate()),
                        RevocationPki.NOW,
                        new RevocationChecker.Options(
                                RevocationPolicy.hard, List.of(crl().signedBy(noKeyUsage)), false, false));
        assertThat(fine.status()).isEqualTo("good");
    }

    @Test
    void theCrlNumberMustBeThereAndNotCriticalAndTheCrlCurrentWithNoUnknownCriticalExtension() {
        X509Certificate leaf = RevocationPki.leaf(CA).certificate();
        RevocationPki.Crl missing = crl();
        missing.number = null;
        assertThat(check(leaf, RevocationPolicy.hard, missing.signedBy(CA)).message())
                .contains("no CRL number");
        RevocationPki.Crl critical = crl();
        critical.numberCritical = true;
        assertThat(check(leaf, RevocationPolicy.hard, critical.signedBy(CA)).message())
                .contains("CRL number is critical");
        RevocationPki.Crl expired = crl();
        expired.thisUpdate = RevocationPki.NOW.minus(Duration.ofDays(8));
        expired.nextUpdate = RevocationPki.NOW.minus(Duration.ofDays(1));
        assertThat(check(leaf, RevocationPolicy.hard, expired.signedBy(CA)).message())
                .contains("expired");
        RevocationPki.Crl future = crl();
        future.thisUpdate = RevocationPki.NOW.plus(Duration.ofHours(1));
        assertThat(check(leaf, RevocationPolicy.hard, future.signedBy(CA)).message())
                .contains("not valid yet");
        X509CRL unknownCritical = crl().extension(
                        new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"),
                        true,
                        new DEROctetString(new byte[] {1}))
                .signedBy(CA);
        assertThat(check(leaf, RevocationPolicy.hard, unknownCritical).message())
                .contains("critical extension");
    }

    static IssuingDistributionPoint idp(
            DistributionPointName name, boolean userOnly, boolean caOnly, ReasonFlags reasons, boolean indirect) {
        return new IssuingDistributionPoint(name, userOnly, caOnly, reasons, indirect, false);
    }

    static DistributionPointName name(String url) {
        return new DistributionPointName(new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, url)));
    }

    @Test
    void theIssuingDistributionPointDecidesWhatTheCrlCovers() {
        X509Certificate leaf = RevocationPki.leaf(CA, RevocationPki.url(URL)).certificate();
        X509CRL sameName = crl().extension(
                        Extension.issuingDistributionPoint, true, idp(name(URL), true, false, null, false))
                .signedBy(CA);
        assertThat(check(leaf, RevocationPolicy.hard, sameName).status()).isEqualTo("good");
        X509CRL otherName = crl().extension(
                        Extension.issuingDistributionPoint,
                        true,
                        idp(name("http://crl.example.com/other.crl"), false, false, null, false))
                .signedBy(CA);
        assertThat(check(leaf, RevocationPolicy.hard, otherName).message())
                .contains("not the certificate's distribution point");
        X509CRL caOnly = crl().extension(Extension.issuingDistributionPoint, true, idp(null, false, true, null, false))
                .signedBy(CA);
        assertThat(check(leaf, RevocationPolicy.hard, caOnly).message()).contains("CA certificates only");

        // Some reasons only: not every reason covered, until a second CRL covers the others.
        int keyReasons = ReasonFlags.keyCompromise | ReasonFlags.cACompromise;
        X509CRL keys = crl().extension(
                        Extension.issuingDistributionPoint,
                        true,
                        idp(null, false, false, new ReasonFlags(keyReasons), false))
                .signedBy(CA);
        assertThat(check(leaf, RevocationPolicy.hard, keys).message()).contains("every revocation reason");
        X509CRL rest = crl().extension(
                        Extension.issuingDistributionPoint,
                        true,
                        idp(null, false, false, new ReasonFlags(RevocationCrlReasons.ALL & ~keyReasons), false))
                .signedBy(CA);
        assertThat(check(leaf, RevocationPolicy.hard, keys, rest).status()).isEqualTo("good");
    }

    @Test
    void deltaCrlsAddToTheCompleteCrlTheyAreBasedOn() {
        X509Certificate leaf = RevocationPki.leaf(CA).certificate();
        RevocationPki.Crl complete = crl();
        complete.number = 10L;
        X509CRL base = complete.signedBy(CA);
        RevocationPki.Crl delta = crl().revoke(leaf, CRLReason.superseded)
                .extension(Extension.deltaCRLIndicator, true, new CRLNumber(BigInteger.TEN));
        delta.number = 11L;
        Revocation revoked = check(leaf, RevocationPolicy.hard, base, delta.signedBy(CA));
        assertThat(revoked.status()).isEqualTo("revoked");
        assertThat(revoked.reason()).isEqualTo("superseded");

        // A delta based on a newer complete CRL than the one at hand is not used with it.
        RevocationPki.Crl ahead = crl().revoke(leaf, CRLReason.superseded)
                .extension(Extension.deltaCRLIndicator, true, new CRLNumber(BigInteger.valueOf(12)));
        ahead.number = 13L;
        assertThat(check(leaf, RevocationPolicy.hard, base, ahead.signedBy(CA)).status())
                .isEqualTo("good");

        // On hold in the complete CRL, taken off hold by the delta.
        RevocationPki.Crl held = crl().revoke(leaf, CRLReason.certificateHold);
        held.number = 20L;
        X509CRL onHold = held.signedBy(CA);
        assertThat(check(leaf, RevocationPolicy.hard, onHold).reason()).isEqualTo("certificateHold");
        RevocationPki.Crl released = crl().revoke(leaf, CRLReason.removeFromCRL)
                .extension(Extension.deltaCRLIndicator, true, new CRLNumber(BigInteger.valueOf(20)));
        released.number = 21L;
        assertThat(check(leaf, RevocationPolicy.hard, onHold, released.signedBy(CA))
                        .status())
                .isEqualTo("good");
    }

    @Test
    void anIndirectCrlOfTheNamedCrlIssuerCoversTheCertificate() {
        CertFactory.Issued crlIssuer = RevocationPki.ca("Indirect CRL Issuer", ROOT, KeyUsage.cRLSign);
        X500Name issuerName = X500Name.getInstance(
                crlIssuer.certificate().getSubjectX500Principal().getEncoded());
        DistributionPoint point = new DistributionPoint(name(URL), null, new GeneralNames(new GeneralName(issuerName)));
        X509Certificate leaf = RevocationPki.leaf(CA, point).certificate();
        X500Name caName =
                X500Name.getInstance(CA.certificate().getSubjectX500Principal().getEncoded());
        X509CRL indirect = crl().revoke(leaf, CRLReason.affiliationChanged, caName)
                .extension(Extension.issuingDistributionPoint, true, idp(name(URL), false, false, null, true))
                .signedBy(crlIssuer);
        Revocation revocation = checker()
                .check(
                        List.of(leaf, CA.certificate(), ROOT.certificate()),
                        List.of(crlIssuer.certificate()),
                        List.of(ROOT.certificate()),
                        RevocationPki.NOW,
                        new RevocationChecker.Options(RevocationPolicy.hard, List.of(indirect), false, false));
        assertThat(revocation.status()).as(revocation.message()).isEqualTo("revoked");
        assertThat(revocation.reason()).isEqualTo("affiliationChanged");

        // Not marked indirect: not used for a certificate whose distribution point names a CRL issuer.
        X509CRL direct =
                crl().revoke(leaf, CRLReason.affiliationChanged, caName).signedBy(crlIssuer);
        Revocation unknown = checker()
                .check(
                        List.of(leaf, CA.certificate(), ROOT.certificate()),
                        List.of(crlIssuer.certificate()),
                        List.of(ROOT.certificate()),
                        RevocationPki.NOW,
                        new RevocationChecker.Options(RevocationPolicy.hard, List.of(direct), false, false));
        assertThat(unknown.status()).isEqualTo("unknown");
        assertThat(unknown.message()).contains("not an indirect CRL");
    }

    @Test
    void theCrlIsFetchedFromTheDistributionPointUnlessFetchingIsOff() throws Exception {
        X509Certificate leaf = RevocationPki.leaf(CA, RevocationPki.url(URL)).certificate();
        served.put(
                URL,
                crl().revoke(leaf, CRLReason.cessationOfOperation).signedBy(CA).getEncoded());
        Revocation fetched = check(leaf, RevocationPolicy.hard);
        assertThat(fetched.status()).isEqualTo("revoked");
        assertThat(fetched.certificates().getFirst().url()).isEqualTo(URL);

        Revocation offline = checker()
                .check(
                        List.of(leaf, CA.certificate(), ROOT.certificate()),
                        List.of(),
                        List.of(ROOT.certificate()),
                        RevocationPki.NOW,
                        new RevocationChecker.Options(RevocationPolicy.hard, List.of(), false, false));
        assertThat(offline.status()).isEqualTo("unknown");
        served.clear();
        Revocation unreachable = check(leaf, RevocationPolicy.soft);
        assertThat(unreachable.status()).isEqualTo("unknown");
        assertThat(unreachable.message()).contains(URL).contains("404");
        assertThat(unreachable.warning()).isNotNull();
        // A leaf that names no source at all is not checked: refused under hard fail, let be under soft.
        X509Certificate bare = RevocationPki.leaf(CA).certificate();
        assertThat(check(bare, RevocationPolicy.hard).problem()).isNotNull();
        assertThat(check(bare, RevocationPolicy.soft).problem()).isNull();
        assertThat(check(bare, RevocationPolicy.soft).status()).isEqualTo("unchecked");
        assertThat(check(bare, RevocationPolicy.off).certificates()).isEmpty();
    }

    /** The reason bits of ReasonFlags, every one (as RFC 5280 all-reasons). */
    static final class RevocationCrlReasons {
        static final int ALL = CrlScope.ALL_REASONS;
    }
}
