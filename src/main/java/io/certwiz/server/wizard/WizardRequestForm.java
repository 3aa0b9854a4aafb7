package io.certwiz.server.wizard;

import io.certwiz.CertwizException;
import io.certwiz.acme.client.AcmeOptions;
import io.certwiz.acme.client.ChallengeType;
import io.certwiz.request.RequestSpec;
import io.certwiz.server.tls.TlsListeners;
import io.certwiz.usage.Usage;
import java.util.List;
import java.util.function.Function;

/**
 * What the request pages collect, carried as plain form fields from the form to the summary and on to
 * the submit (or back to the form to change it). {@link #spec} turns it into the service's request.
 */
record WizardRequestForm(
        boolean offline,
        List<String> usages,
        String ca,
        String friendlyName,
        String key,
        String keyStore,
        boolean exportable,
        String organization,
        String orgUnit,
        String city,
        String state,
        String country,
        String subject,
        String sans,
        String challenge,
        boolean outsidePolicy,
        String validity) {

    static final List<Usage> DEFAULT_USAGES = TlsListeners.USAGES;
    private static final String DEFAULT_CHALLENGE =
            AcmeOptions.defaults().challenge().id();

    /** The empty form: online, the three listener usages (or the one the main page named), the default CA and key. */
    static WizardRequestForm initial(List<Usage> usages) {
        List<Usage> chosen = usages.isEmpty() ? DEFAULT_USAGES : usages;
        return new WizardRequestForm(
                false,
                chosen.stream().map(Usage::name).toList(),
                RequestSpec.DEFAULT_CA,
                "",
                RequestSpec.DEFAULT_KEY.id(),
                "",
                false,
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                DEFAULT_CHALLENGE,
                false,
                "");
    }

    /** Reads the fields from a form post or a query string. */
    static WizardRequestForm read(Function<String, String> one, Function<String, List<String>> many) {
        return new WizardRequestForm(
                "offline".equals(one.apply("mode")),
                many.apply("usage").stream()
                        .filter(u -> u != null && !u.isBlank())
                        .toList(),
                text(one.apply("ca"), RequestSpec.DEFAULT_CA),
                text(one.apply("friendlyName"), ""),
                text(one.apply("key"), RequestSpec.DEFAULT_KEY.id()),
                text(one.apply("keyStore"), ""),
                "on".equals(one.apply("exportable")) || "true".equals(one.apply("exportable")),
                text(one.apply("organization"), ""),
                text(one.apply("orgUnit"), ""),
                text(one.apply("city"), ""),
                text(one.apply("state"), ""),
                text(one.apply("country"), ""),
                text(one.apply("subject"), ""),
                text(one.apply("sans"), ""),
                text(one.apply("challenge"), DEFAULT_CHALLENGE),
                "on".equals(one.apply("outsidePolicy")) || "true".equals(one.apply("outsidePolicy")),
                text(one.apply("validity"), ""));
    }

    private static String text(String value, String otherwise) {
        return value == null ? otherwise : value.strip();
    }

    List<Usage> usageList() {
        return WizardRoutes.usages(usages);
    }

    /** The service's request; throws the same errors the CLI gives for bad input. */
    RequestSpec spec(boolean assign) {
        return spec(assign, null);
    }

    /** The challenge an ACME CA is answered with; the same error as the CLI's for an unknown one. */
    ChallengeType challengeType() {
        return ChallengeType.parse(challenge);
    }

    /** The service's request with these ACME options (null: the defaults). */
    RequestSpec spec(boolean assign, AcmeOptions acme) {
        challengeType();
        List<Usage> chosen = usageList();
        if (chosen.isEmpty()) {
            throw CertwizException.badUsage("choose at least one certificate usage");
        }
        return RequestSpec.builder(chosen)
                .ca(ca)
                .key(key)
                .keyStore(keyStore)
                .friendlyName(friendlyName)
                .exportable(exportable)
                .subject(subject)
                .sans(List.of(sans))
                .organization(organization)
                .orgUnit(orgUnit)
                .city(city)
                .state(state)
                .country(country)
                .assign(assign)
                .acme(acme)
                .outsidePolicy(outsidePolicy)
                .validity(validity)
                .build();
    }

    /** The fields as hidden inputs, to carry them through the summary page. */
    String hiddenFields() {
        StringBuilder out = new StringBuilder();
        out.append(Html.hidden("mode", offline ? "offline" : "online"));
        for (String usage : usages) {
            out.append(Html.hidden("usage", usage));
        }
        out.append(Html.hidden("ca", ca))
                .append(Html.hidden("friendlyName", friendlyName))
                .append(Html.hidden("key", key))
                .append(Html.hidden("keyStore", keyStore));
        if (exportable) {
            out.append(Html.hidden("exportable", "on"));
        }
        out.append(Html.hidden("organization", organization))
                .append(Html.hidden("orgUnit", orgUnit))
                .append(Html.hidden("city", city))
                .append(Html.hidden("state", state))
                .append(Html.hidden("country", country))
                .append(Html.hidden("subject", subject))
                .append(Html.hidden("sans", sans))
                .append(Html.hidden("challenge", challenge))
                .append(Html.hidden("validity", validity));
        if (outsidePolicy) {
            out.append(Html.hidden("outsidePolicy", "on"));
        }
        return out.toString();
    }
}
