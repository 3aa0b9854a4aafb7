package io.certwiz.acme.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A CA as {@code certwiz ca list} shows it: the embedded CA, or an ACME CA with its account. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaView(
        String name,
        String type,
        String directoryUrl,
        String accountUrl,
        List<String> contacts,
        String profile,
        String eabKid,
        List<String> caBundle,
        String termsOfService,
        String addedAt,
        Boolean deactivated) {
    public static CaView embedded() {
        return new CaView("embedded", "embedded", null, null, null, null, null, null, null, null, null);
    }

    /** As {@code ca remove} reports it: whether the account was deactivated at the CA. */
    CaView removed(boolean accountDeactivated) {
        return new CaView(
                name,
                type,
                directoryUrl,
                accountUrl,
                contacts,
                profile,
                eabKid,
                caBundle,
                termsOfService,
                addedAt,
                accountDeactivated);
    }

    static CaView of(AcmeAccountRecord account) {
        List<String> bundle = account.caBundlePem() == null
                ? null
                : AcmeSessions.bundle(account.caBundlePem()).stream()
                        .map(c -> c.getSubjectX500Principal().getName())
                        .toList();
        return new CaView(
                account.name(),
                "acme",
                account.directoryUrl(),
                account.accountUrl(),
                account.contacts(),
                account.profile(),
                account.eabKid(),
                bundle,
                account.termsOfService(),
                account.createdAt().toString(),
                null);
    }
}
