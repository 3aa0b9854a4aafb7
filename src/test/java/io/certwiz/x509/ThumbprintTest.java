package io.certwiz.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certwiz.CertwizException;
import io.certwiz.Failure;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ThumbprintTest {
    private static final String HEX = "0123456789ABCDEF0123456789ABCDEF01234567";

    @Test
    void isTheSha1OfTheDerInUppercaseHex() throws Exception {
        X509Certificate certificate = TestPki.selfSignedCa("CN=Thumbprint").certificate();
        String expected = HexFormat.of()
                .withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
        assertThat(Thumbprint.of(certificate).hex()).isEqualTo(expected).hasSize(40);
        assertThat(Thumbprint.of(certificate).toString()).isEqualTo(expected);
        String sha256 = HexFormat.of()
                .withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        assertThat(Thumbprint.sha256(certificate)).isEqualTo(sha256).hasSize(64);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                HEX,
                "0123456789abcdef0123456789abcdef01234567",
                "01 23 45 67 89 ab cd ef 01 23 45 67 89 AB CD EF 01 23 45 67",
                "01:23:45:67:89:AB:CD:EF:01:23:45:67:89:ab:cd:ef:01:23:45:67",
                "  0123456789ABCDEF0123456789ABCDEF01234567\n",
                "0123456789aBcDeF\t0123456789AbCdEf:01234567",
            })
    void parseIgnoresCaseSpacesAndColons(String input) {
        assertThat(Thumbprint.parse(input)).isEqualTo(new Thumbprint(HEX));
        assertThat(Thumbprint.looksLike(input)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "0123456789ABCDEF0123456789ABCDEF0123456",
                "0123456789ABCDEF0123456789ABCDEF012345678",
                "0123456789ABCDEF0123456789ABCDEF0123456G",
                "0123456789ABCDEF-0123456789ABCDEF01234567",
                "0x0123456789ABCDEF0123456789ABCDEF012345",
                "Default",
                "cert.pem",
            })
    void parseRefusesAnythingElseAsBadUsage(String input) {
        assertThatThrownBy(() -> Thumbprint.parse(input))
                .isInstanceOf(CertwizException.class)
                .hasMessageStartingWith("not a thumbprint")
                .satisfies(e -> assertThat(((CertwizException) e).failure()).isEqualTo(Failure.BAD_USAGE));
        assertThat(Thumbprint.looksLike(input)).isFalse();
    }

    @Test
    void theConstructorTakesOnlyTheCanonicalForm() {
        assertThatThrownBy(() -> new Thumbprint(HEX.toLowerCase())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Thumbprint(HEX.substring(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void comparesAndEqualsByHex() {
        Thumbprint a = new Thumbprint(HEX);
        Thumbprint b = new Thumbprint("1123456789ABCDEF0123456789ABCDEF01234567");
        assertThat(a).isEqualTo(Thumbprint.parse(HEX.toLowerCase())).hasSameHashCodeAs(Thumbprint.parse(HEX));
        assertThat(a.compareTo(b)).isNegative();
        assertThat(b.compareTo(a)).isPositive();
    }
}
