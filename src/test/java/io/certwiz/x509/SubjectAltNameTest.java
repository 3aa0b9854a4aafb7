package io.certwiz.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certwiz.CertwizException;
import io.certwiz.Failure;
import io.certwiz.x509.SubjectAltName.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubjectAltNameTest {
    @ParameterizedTest
    @CsvSource({
        "dns:www.example.com, www.example.com",
        "DNS:WWW.Example.COM, www.example.com",
        "dns: host.example.com. , host.example.com",
        "dns:*.example.com, *.example.com",
        "dns:localhost, localhost",
        "dns:a-b.c-d.example, a-b.c-d.example",
        "dns:xn--bcher-kva.example, xn--bcher-kva.example",
        "dns:1.example.com, 1.example.com",
    })
    void parsesDnsNames(String text, String value) {
        SubjectAltName san = SubjectAltName.parse(text);
        assertThat(san.kind()).isEqualTo(Kind.DNS);
        assertThat(san.value()).isEqualTo(value);
        assertThat(san.toString()).isEqualTo("dns:" + value);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "-leading.example.com",
                "trailing-.example.com",
                "double..dot.com",
                ".example.com",
                "under_score.example.com",
                "sp ace.example.com",
                "*",
                "*.",
                "**.example.com",
                "a.*.example.com",
                "w*.example.com",
                "*example.com",
                "example.*",
                "bücher.example",
                "host/path",
            })
    void refusesInvalidDnsNames(String name) {
        assertThatThrownBy(() -> SubjectAltName.dns(name))
                .isInstanceOf(CertwizException.class)
                .hasMessageStartingWith("not a valid DNS name")
                .satisfies(e -> assertThat(((CertwizException) e).failure()).isEqualTo(Failure.BAD_USAGE));
    }

    @Test
    void refusesOverlongNamesAndLabels() {
        String label63 = "a".repeat(63);
        assertThat(SubjectAltName.dns(label63 + ".example.com").value()).startsWith(label63);
        assertThatThrownBy(() -> SubjectAltName.dns("a".repeat(64) + ".example.com"))
                .isInstanceOf(CertwizException.class);
        String name253 = String.join(".", label63, label63, label63, "a".repeat(61));
        assertThat(name253).hasSize(253);
        assertThat(SubjectAltName.dns(name253).value()).isEqualTo(name253);
        assertThatThrownBy(() -> SubjectAltName.dns(name253 + "a")).isInstanceOf(CertwizException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "ip:192.0.2.10, 192.0.2.10",
        "IP: 10.0.0.1 , 10.0.0.1",
        "ip:2001:db8::1, 2001:db8:0:0:0:0:0:1",
        "ip:2001:DB8:0:0:0:0:0:1, 2001:db8:0:0:0:0:0:1",
        "ip:::1, 0:0:0:0:0:0:0:1",
    })
    void parsesIpAddresses(String text, String value) {
        SubjectAltName san = SubjectAltName.parse(text);
        assertThat(san.kind()).isEqualTo(Kind.IP);
        assertThat(san.value()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "example.com",
                "10.0.0.1/24",
                "2001:db8::1::2",
                "2001:db8::g",
                "localhost",
                "fe80::1%eth0",
            })
    void refusesInvalidIpAddresses(String address) {
        assertThatThrownBy(() -> SubjectAltName.ip(address))
                .isInstanceOf(CertwizException.class)
                .hasMessageStartingWith("not an IP address")
                .satisfies(e -> assertThat(((CertwizException) e).failure()).isEqualTo(Failure.BAD_USAGE));
    }

    /**
     * SubjectAltName.ip hands any digits-and-dots text to InetAddress.getByName: legacy short forms are
     * accepted (1.2.3 becomes 1.2.0.3, 10 becomes 0.0.0.10), and text that is not a literal, such as
     * 1.2.3.4.5 or 256.1.1.1, is looked up in DNS and replaced by whatever address it resolves to.
     */
    @ParameterizedTest
    @ValueSource(strings = {"1.2.3", "10", "10.1", "1.2.3.4.5", "256.1.1.1", "999.1.1.1"})
    void refusesShortOrNonLiteralIpv4(String address) {
        assertThatThrownBy(() -> SubjectAltName.ip(address)).isInstanceOf(CertwizException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"www.example.com", "email:a@example.com", "uri:https://x", ":x", "dn:CN=x"})
    void refusesOtherForms(String text) {
        assertThatThrownBy(() -> SubjectAltName.parse(text))
                .isInstanceOf(CertwizException.class)
                .hasMessageContaining("dns:NAME or ip:ADDRESS");
    }

    @ParameterizedTest
    @CsvSource({
        "*.a.com, x.a.com, true",
        "*.a.com, X.A.COM, true",
        "*.a.com, x.a.com., true",
        "*.a.com, a.com, false",
        "*.a.com, y.x.a.com, false",
        "*.a.com, .a.com, false",
        "*.a.com, x.b.com, false",
        "*.a.com, xa.com, false",
        "a.com, a.com, true",
        "a.com, A.Com., true",
        "a.com, x.a.com, false",
        "x.a.com, a.com, false",
    })
    void wildcardCoversExactlyOneLeftmostLabel(String name, String host, boolean covered) {
        assertThat(SubjectAltName.dns(name).covers(host)).isEqualTo(covered);
    }

    @Test
    void anIpNameCoversNoHostName() {
        assertThat(SubjectAltName.ip("192.0.2.1").covers("192.0.2.1")).isFalse();
    }

    @Test
    void readsNamesFromACertificate() {
        TestPki.Issued ca = TestPki.selfSignedCa("CN=SAN CA");
        TestPki.Issued leaf = TestPki.leaf("CN=www", ca, "WWW.Example.com", "*.example.org");
        assertThat(SubjectAltName.of(leaf.certificate()))
                .containsExactly(
                        new SubjectAltName(Kind.DNS, "www.example.com"), new SubjectAltName(Kind.DNS, "*.example.org"));
        assertThat(SubjectAltName.of(ca.certificate())).isEmpty();
    }
}
