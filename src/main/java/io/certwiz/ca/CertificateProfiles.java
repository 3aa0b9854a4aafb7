package io.certwiz.ca;

import io.certwiz.usage.Usage;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x509.KeyPurposeId;

/** Which extended key usages the embedded CA puts into a certificate for a set of usages. */
final class CertificateProfiles {
    private CertificateProfiles() {}

    static KeyPurposeId[] extendedKeyUsages(List<Usage> usages) {
        Set<KeyPurposeId> purposes = new LinkedHashSet<>();
        for (Usage usage : usages) {
            switch (usage) {
                case Default -> {
                    purposes.add(KeyPurposeId.id_kp_serverAuth);
                    purposes.add(KeyPurposeId.id_kp_clientAuth);
                }
                case WebServicesInternal, WebServicesExternal, OAuthTokenIssuer ->
                    purposes.add(KeyPurposeId.id_kp_serverAuth);
            }
        }
        return purposes.toArray(KeyPurposeId[]::new);
    }
}
