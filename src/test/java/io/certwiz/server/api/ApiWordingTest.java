package io.certwiz.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The API's wording of the services' messages: CLI commands become API calls, CLI options JSON fields. */
class ApiWordingTest {
    @Test
    void commandsBecomeTheApiCallsThatDoTheSame() {
        assertThat(ApiWording.text("trust it with: certwiz import FILE --store root"))
                .isEqualTo("trust it with: POST /api/v1/imports?store=root");
        assertThat(
                        ApiWording.text(
                                "trust it with: certwiz import FILE --store root (certwiz export AB12 --out root.pem writes it)"))
                .isEqualTo("trust it with: POST /api/v1/imports?store=root (POST /api/v1/certificates/AB12/export"
                        + " gives it)");
        assertThat(ApiWording.text("import it with: certwiz import FILE (add --store root if it is the trusted root)"))
                .isEqualTo("import it with: POST /api/v1/imports (store=root if it is the trusted root)");
        assertThat(ApiWording.text("cancel it first with certwiz unassign --usage OAuthTokenIssuer --next"))
                .isEqualTo("cancel it first with DELETE /api/v1/assignments/OAuthTokenIssuer?which=next");
        assertThat(ApiWording.text("no certificate yet: certwiz request --usage OAuthTokenIssuer"))
                .isEqualTo("no certificate yet: POST /api/v1/requests with usages [\"OAuthTokenIssuer\"]");
    }

    @Test
    void optionsBecomeTheirJsonFields() {
        assertThat(ApiWording.text("the PFX is protected by a password: give it with --password-file"))
                .isEqualTo("the PFX is protected by a password: give it with password");
        assertThat(ApiWording.text("--with-key needs --format pfx or pem; der holds no key"))
                .isEqualTo("withKey needs format pfx or pem; der holds no key");
        assertThat(ApiWording.text("--effective-date takes an ISO time")).isEqualTo("effectiveDate takes an ISO time");
        assertThat(ApiWording.text("(or add --san dns:a.example.com)")).isEqualTo("(or add sans dns:a.example.com)");
        assertThat(ApiWording.text("request a certificate with --key rsa-2048 or larger"))
                .isEqualTo("request a certificate with key rsa-2048 or larger");
        // Text that only looks like a flag is left alone.
        assertThat(ApiWording.text("mode rw-r--r-- and a-b--c")).isEqualTo("mode rw-r--r-- and a-b--c");
    }
}
