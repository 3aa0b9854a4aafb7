package io.certwiz.trust;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesTest {
    @Test
    void wildcardsStandForOneLeftMostLabelBelowARegistrableDomain() {
        assertThat(Names.dnsMatches("*.example.com", "www.example.com")).isTrue();
        assertThat(Names.dnsMatches("*.EXAMPLE.com", "www.example.com")).isTrue();
        assertThat(Names.dnsMatches("*.example.com", "example.com")).isFalse();
        assertThat(Names.dnsMatches("*.example.com", "a.b.example.com")).isFalse();
        assertThat(Names.dnsMatches("f*.example.com", "foo.example.com")).isFalse();
        assertThat(Names.dnsMatches("*.example.com", "xn--bcher-kva.example.com"))
                .isFalse();
        assertThat(Names.dnsMatches("*.com", "example.com")).isFalse();
        assertThat(Names.dnsMatches("*.co.uk", "example.co.uk")).isFalse();
        assertThat(Names.dnsMatches("exa_mple.com", "exa_mple.com")).isFalse();
    }

    @Test
    void ipAddressesAreParsedStrictlyAndNeverResolved() {
        assertThat(Names.ipAddress("192.0.2.7")).containsExactly(192, 0, 2, 7);
        assertThat(Names.ipAddress("192.0.2.07")).isNull();
        assertThat(Names.ipAddress("0xC0000207")).isNull();
        assertThat(Names.ipAddress("example.com")).isNull();
        assertThat(Names.ipAddress("2001:db8::1")).hasSize(16);
    }

    @Test
    void nonStandardIpTextIsRecognized() {
        assertThat(Names.nonStandardIpText("0xC0A80101")).isEqualTo("192.168.1.1");
        assertThat(Names.nonStandardIpText("192.168.001.001")).isEqualTo("192.168.1.1");
        assertThat(Names.nonStandardIpText("192.168.1.1")).isNull();
        assertThat(Names.nonStandardIpText("2001:DB8::1")).isEqualTo("2001:db8::1");
        assertThat(Names.nonStandardIpText("2001:db8:0:0:0:0:0:1")).isEqualTo("2001:db8::1");
        assertThat(Names.nonStandardIpText("bad.example.com")).isNull();
        assertThat(Names.nonStandardIpText("12345")).isNull();
        assertThat(Names.rfc5952(Names.ipAddress("2001:db8:0:1:0:0:0:1"))).isEqualTo("2001:db8:0:1::1");
    }

    @Test
    void dnsSubtrees() {
        assertThat(Names.inDnsSubtree("www.example.com", "example.com")).isTrue();
        assertThat(Names.inDnsSubtree("wwwexample.com", "example.com")).isFalse();
        assertThat(Names.inDnsSubtree("anything.org", "")).isTrue();
        // A wildcard is permitted only if everything it stands for is, excluded if anything it stands for is.
        assertThat(Names.dnsWithinSubtree("*.example.com", "example.com")).isTrue();
        assertThat(Names.dnsWithinSubtree("*.example.com", "foo.example.com")).isFalse();
        assertThat(Names.dnsMeetsSubtree("*.example.com", "bar.example.com")).isTrue();
        assertThat(Names.dnsMeetsSubtree("*.example.com", "x.bar.example.com")).isFalse();
        assertThat(Names.isDnsConstraint(".example.com")).isFalse();
        assertThat(Names.isDnsConstraint("*.example.com")).isFalse();
    }

    @Test
    void mailboxConstraints() {
        assertThat(Names.emailInSubtree("foo@example.com", "example.com")).isTrue();
        assertThat(Names.emailInSubtree("foo@sub.example.com", "example.com")).isFalse();
        assertThat(Names.emailInSubtree("foo@sub.example.com", ".example.com")).isTrue();
        assertThat(Names.emailInSubtree("user@example.com", "*@example.com")).isFalse();
        assertThat(Names.emailInSubtree("*@example.com", "*@example.com")).isTrue();
    }
}
