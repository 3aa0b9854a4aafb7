package io.certwiz.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certwiz.CertwizException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** tokens.json as read, and the RFC 7512 URIs certwiz writes and reads back. */
class TokenConfigsTest {
    private static final Path DATA = Path.of("/var/lib/certwiz");

    private static TokenConfigs parse(String json) {
        return TokenConfigs.parse(json.getBytes(StandardCharsets.UTF_8), DATA);
    }

    @Test
    void tokensByLabelOrSlotWithTheirPinSourceAndADefault() {
        TokenConfigs configs = parse("""
                {"defaultKeyStore": "pkcs11:hsm",
                 "tokens": {
                   "hsm": {"library": "/usr/lib/softhsm/libsofthsm2.so", "tokenLabel": "certwiz", "pinFile": "hsm.pin"},
                   "card": {"library": "/usr/lib/x.so", "slot": 3, "pinEnv": "CARD_PIN"}
                 }}
                """);
        assertThat(configs.defaultKeyStore()).isEqualTo(KeyStoreChoice.token("hsm"));
        TokenConfig hsm = configs.token("hsm");
        assertThat(hsm.pinFile()).isEqualTo(DATA.resolve("hsm.pin"));
        assertThat(hsm.tokenLabel()).isEqualTo("certwiz");
        TokenConfig card = configs.token("card");
        assertThat(card.slot()).isEqualTo(3L);
        assertThat(card.pinEnv()).isEqualTo("CARD_PIN");
        assertThat(card.pinSource()).isEqualTo("PIN from $CARD_PIN");
        assertThatThrownBy(() -> configs.token("other"))
                .isInstanceOf(CertwizException.class)
                .hasMessageContaining("no token named 'other'")
                .hasMessageContaining("hsm, card");
    }

    @Test
    void mistakesAreOneLineErrors() {
        assertThatThrownBy(() -> parse("{\"tokens\": {\"a\": {\"library\": \"/x\", \"pinFile\": \"p\"}}}"))
                .hasMessageContaining("exactly one of \"tokenLabel\" and \"slot\"");
        assertThatThrownBy(
                        () -> parse(
                                "{\"tokens\": {\"a\": {\"library\": \"/x\", \"slot\": 1, \"pinFile\": \"p\", \"pinEnv\": \"E\"}}}"))
                .hasMessageContaining("exactly one of \"pinFile\" and \"pinEnv\"");
        assertThatThrownBy(() -> parse("{\"tokens\": {\"a\": {\"library\": \"/x\", \"slot\": 1, \"pin\": \"1234\"}}}"))
                .hasMessageContaining("unknown field \"pin\"");
        assertThatThrownBy(() -> parse("{\"defaultKeyStore\": \"pkcs11:gone\"}"))
                .hasMessageContaining("not one of its tokens");
        assertThatThrownBy(() -> parse("{\"tokens\": [1]}")).hasMessageContaining("must be an object");
        assertThatThrownBy(() -> parse("{nope")).hasMessageContaining("not valid JSON");
        assertThat(TokenConfigs.load(Path.of("/nonexistent-certwiz-dir"))).isEqualTo(TokenConfigs.NONE);
    }

    @Test
    void keyStoreChoices() {
        assertThat(KeyStoreChoice.parse("software")).isEqualTo(KeyStoreChoice.SOFTWARE);
        assertThat(KeyStoreChoice.parse("PKCS11:hsm").token()).isEqualTo("hsm");
        assertThat(KeyStoreChoice.token("hsm").toString()).isEqualTo("pkcs11:hsm");
        assertThatThrownBy(() -> KeyStoreChoice.parse("pkcs11:token=x;id=%01"))
                .hasMessageContaining("software or pkcs11:NAME");
        assertThatThrownBy(() -> KeyStoreChoice.parse("pkcs11:a b")).hasMessageContaining("a token name");
    }

    @Test
    void uriRoundTripsAndPercentEncodes() {
        Pkcs11Uri uri = Pkcs11Uri.privateKey("my token", null, "certwiz-0a".getBytes(StandardCharsets.US_ASCII));
        assertThat(uri.toString()).isEqualTo("pkcs11:token=my%20token;id=%63%65%72%74%77%69%7A%2D%30%61;type=private");
        Pkcs11Uri back = Pkcs11Uri.parse(uri.toString());
        assertThat(back).isEqualTo(uri);
        assertThat(back.token()).isEqualTo("my token");
        assertThat(back.alias()).isEqualTo("certwiz-0a");
        // p11-kit's style, with the attributes in another order and a query part
        Pkcs11Uri other = Pkcs11Uri.parse("pkcs11:type=private;id=%01%02;slot-id=7?module-path=/x.so");
        assertThat(other.slotId()).isEqualTo(7L);
        assertThat(other.id()).containsExactly(1, 2);
        assertThat(Pkcs11Uri.privateKey(null, 7L, new byte[] {1}).toString())
                .isEqualTo("pkcs11:slot-id=7;id=%01;type=private");
        assertThatThrownBy(() -> Pkcs11Uri.parse("pkcs11:token=x")).hasMessageContaining("no object id");
        assertThatThrownBy(() -> Pkcs11Uri.parse("pkcs11:token=x;id=%4")).hasMessageContaining("percent");
    }
}
