package io.certwiz.server.wizard;

import io.certwiz.Certwiz;
import io.certwiz.CertwizException;
import io.certwiz.acme.client.AcmeOptions;
import io.certwiz.acme.client.ChallengeType;
import io.certwiz.ca.EmbeddedCa;
import io.certwiz.keystore.KeyStoreChoice;
import io.certwiz.keystore.TokenConfig;
import io.certwiz.keystore.TokenConfigs;
import io.certwiz.request.OfflineRequest;
import io.certwiz.request.RequestOutcome;
import io.certwiz.request.RequestSpec;
import io.certwiz.request.SubjectPlan;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.Usage;
import io.certwiz.x509.KeyType;
import io.certwiz.x509.SubjectAltName;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * The Certificate Request pages: the form (online or offline, CA, friendly name, key, exportable,
 * organization and geography, subject and SANs filled from the server identity plus additional SANs),
 * the summary to check before submitting, and the submit, which leads to the Online Certificate Request
 * Status page (for an ACME CA through the progress page while the request runs) or, for an offline
 * request, to the pending request and its CSR.
 */
final class WizardRequestPages {
    private WizardRequestPages() {}

    static void install(JavalinConfig config, WizardSite site, WizardRequestJobs jobs) {
        config.routes.get("/request", ctx -> {
            WizardRequestForm form = ctx.queryParam("mode") != null
                    ? WizardRequestForm.read(ctx::queryParam, ctx::queryParams)
                    : WizardRequestForm.initial(WizardRoutes.usages(ctx.queryParams("usage")));
            form(site, ctx, form, null);
        });
        config.routes.post("/request/summary", ctx -> summary(site, ctx));
        config.routes.post("/request", ctx -> submit(site, ctx, jobs));
    }

    private static WizardRequestForm posted(Context ctx) {
        return WizardRequestForm.read(ctx::formParam, ctx::formParams);
    }

    private static ServerIdentity identity(Certwiz certwiz) {
        return certwiz.identity();
    }

    private static void form(WizardSite site, Context ctx, WizardRequestForm form, CertwizException error) {
        ServerIdentity identity = identity(site.certwiz(ctx));
        StringBuilder body = new StringBuilder();
        body.append("<form method=\"post\" action=\"/request/summary\" id=\"request-form\">")
                .append(Html.csrfField(site.csrfToken(ctx)));

        body.append("<fieldset><legend>Delayed or immediate request</legend>")
                .append(Html.check(
                        "radio",
                        "mode-online",
                        "mode",
                        "online",
                        !form.offline(),
                        "Send the request immediately to an online certification authority"))
                .append(
                        Html.check(
                                "radio",
                                "mode-offline",
                                "mode",
                                "offline",
                                form.offline(),
                                "Prepare the request now, but send it later (offline request: you get a CSR to send to any CA)"))
                .append("</fieldset>");

        body.append("<fieldset><legend>Certificate usages</legend>");
        body.append(WizardRoutes.usageChoices(usage -> form.usages().contains(usage.name())));
        body.append("<p class=\"hint\">One certificate can serve several usages; the subject and SANs are filled "
                + "for each usage chosen.</p></fieldset>");

        body.append("<fieldset><legend>Certification authority</legend>")
                .append("<label for=\"ca\">Online CA</label><select id=\"ca\" name=\"ca\">")
                .append(option(EmbeddedCa.NAME, "embedded: certwiz's own issuing CA", form.ca()))
                .append(acmeOptions(site.certwiz(ctx), form.ca()))
                .append("</select><p class=\"hint\">An offline request can be sent to any CA; this choice is "
                        + "recorded with it.</p>")
                .append("<label for=\"challenge\">ACME challenge</label><select id=\"challenge\" name=\"challenge\">")
                .append(option(
                        ChallengeType.HTTP_01.id(),
                        "http-01: answered on this server's plain-HTTP listener (port 80 forwarded to it)",
                        form.challenge()))
                .append(option(
                        ChallengeType.TLS_ALPN_01.id(),
                        "tls-alpn-01: answered on the public listener (port 443 forwarded to it)",
                        form.challenge()))
                .append("</select><p class=\"hint\">For an ACME CA only.</p>")
                .append(Html.input(
                        "validity",
                        "validity",
                        "text",
                        "Validity (embedded CA)",
                        form.validity(),
                        "maxlength=\"8\" size=\"8\" placeholder=\"365d\""))
                .append("<p class=\"hint\">For the embedded CA only: how long the certificate is valid, from "
                        + io.certwiz.DurationText.format(EmbeddedCa.MIN_VALIDITY) + " to "
                        + io.certwiz.DurationText.format(EmbeddedCa.MAX_VALIDITY)
                        + " (such as 10m, 12h, 90d); empty for 365d.</p></fieldset>");

        body.append("<fieldset><legend>Name and security settings</legend>")
                .append(Html.input(
                        "friendlyName",
                        "friendlyName",
                        "text",
                        "Friendly name",
                        form.friendlyName(),
                        "maxlength=\"200\" size=\"40\""))
                .append("<p class=\"hint\">Must be unique among this server's certificates.</p>")
                .append("<label for=\"key\">Key type and size</label><select id=\"key\" name=\"key\">");
        for (KeyType type : KeyType.values()) {
            body.append(option(
                    type.id(),
                    type.algorithm() + " " + type.bits() + (type.isRsa() ? " bits" : " (curve)") + " — " + type.id(),
                    form.key()));
        }
        body.append("</select>");
        body.append(keyStoreChoice(site.certwiz(ctx).keys().tokens(), form.keyStore()))
                .append(Html.check(
                        "checkbox",
                        "exportable",
                        "exportable",
                        "on",
                        form.exportable(),
                        "Mark the private key as exportable (needed to copy the certificate to other pool servers)"))
                .append("</fieldset>");

        body.append("<fieldset><legend>Organization information</legend>")
                .append(Html.input(
                        "organization",
                        "organization",
                        "text",
                        "Organization",
                        form.organization(),
                        "maxlength=\"64\" size=\"40\" autocomplete=\"organization\""))
                .append(Html.input(
                        "orgUnit",
                        "orgUnit",
                        "text",
                        "Organizational unit",
                        form.orgUnit(),
                        "maxlength=\"64\" size=\"40\""))
                .append("</fieldset>");

        body.append("<fieldset><legend>Geographical information</legend>")
                .append(Html.input(
                        "country",
                        "country",
                        "text",
                        "Country/region (two-letter code)",
                        form.country(),
                        "maxlength=\"2\" size=\"3\" pattern=\"[A-Za-z]{2}\" autocomplete=\"country\""))
                .append(Html.input(
                        "state", "state", "text", "State/province", form.state(), "maxlength=\"128\" size=\"30\""))
                .append(Html.input(
                        "city", "city", "text", "City/locality", form.city(), "maxlength=\"128\" size=\"30\""))
                .append("<p class=\"hint\">Write the names in full, not abbreviated.</p></fieldset>");

        body.append("<fieldset><legend>Subject name and subject alternative names</legend>")
                .append("<p>Filled from this server's identity:</p>")
                .append(identityFields(identity))
                .append(preview(identity, form))
                .append(Html.input(
                        "subject",
                        "subject",
                        "text",
                        "Subject name (leave empty to fill it in)",
                        form.subject(),
                        "size=\"50\" placeholder=\"CN=...\""))
                .append("<label for=\"sans\">Additional subject alternative names</label>")
                .append("<textarea id=\"sans\" name=\"sans\" rows=\"3\" cols=\"40\" aria-describedby=\"sans-hint\">")
                .append(Html.esc(form.sans()))
                .append("</textarea>")
                .append("<p class=\"hint\" id=\"sans-hint\">One per line: a DNS name (dns:name.example.com), or an "
                        + "IP address (ip:192.0.2.10).</p>")
                .append(Html.check(
                        "checkbox",
                        "outsidePolicy",
                        "outsidePolicy",
                        "on",
                        form.outsidePolicy(),
                        "Embedded CA: issue names outside its name policy (the Policy the ACME server applies);"
                                + " recorded in the audit log"))
                .append("</fieldset>");

        body.append("<button type=\"submit\">Next: summary</button></form>");
        WizardRoutes.renderForm(site, ctx, error, "Certificate Request", body.toString());
    }

    private static String identityFields(ServerIdentity identity) {
        return Html.fields(
                "Server FQDN", identity.fqdn(),
                "Pool FQDN", identity.poolFqdn(),
                "Internal web services FQDN", identity.webInternalFqdn(),
                "External web services FQDN", identity.webExternalFqdn(),
                "SIP domains", identity.sipDomains().isEmpty() ? "(none)" : String.join(", ", identity.sipDomains()));
    }

    /** The subject and SANs the chosen usages give now (the summary shows the final ones). */
    private static String preview(ServerIdentity identity, WizardRequestForm form) {
        try {
            SubjectPlan plan = SubjectPlan.of(identity, form.spec(false));
            return "<p class=\"hint\">For the usages chosen: subject <span class=\"mono\">"
                    + Html.esc(subjectText(plan)) + "</span>; SANs <span class=\"mono\">"
                    + Html.esc(String.join(
                            ", ",
                            plan.sans().stream().map(SubjectAltName::toString).toList()))
                    + "</span>.</p>";
        } catch (CertwizException e) {
            return "";
        }
    }

    /** The subject as the issued certificate will show it (RFC 2253, most specific first). */
    static String subjectText(SubjectPlan plan) {
        try {
            return new javax.security.auth.x500.X500Principal(plan.subject().getEncoded()).getName();
        } catch (java.io.IOException | IllegalArgumentException e) {
            return plan.subject().toString();
        }
    }

    /** The ACME CAs registered with certwiz ca add, as choices beside the embedded CA. */
    private static String acmeOptions(Certwiz certwiz, String selected) {
        StringBuilder out = new StringBuilder();
        for (io.certwiz.acme.client.CaView ca : certwiz.acme().list()) {
            if (!ca.name().equals(EmbeddedCa.NAME)) {
                out.append(option(ca.name(), ca.name() + ": ACME, " + ca.directoryUrl(), selected));
            }
        }
        return out.toString();
    }

    private static String option(String value, String label, String selected) {
        return "<option value=\"" + Html.esc(value) + "\"" + (value.equals(selected) ? " selected" : "") + ">"
                + Html.esc(label) + "</option>";
    }

    private static void summary(WizardSite site, Context ctx) {
        WizardRequestForm form = posted(ctx);
        Certwiz certwiz = site.certwiz(ctx);
        RequestSpec spec;
        SubjectPlan plan;
        try {
            spec = form.spec(false);
            if (!form.offline()) {
                certwiz.authority(spec.ca());
            }
            plan = SubjectPlan.of(identity(certwiz), spec);
        } catch (CertwizException e) {
            form(site, ctx, form, e);
            return;
        }
        String sans = String.join(
                "\n", plan.sans().stream().map(SubjectAltName::toString).toList());
        StringBuilder body = new StringBuilder("<p>Check the request before you submit it.</p>");
        body.append(Html.fields(
                "Request",
                        form.offline()
                                ? "Offline: prepare the request now, send it to a CA later"
                                : "Online: send it now to the " + spec.ca() + " CA",
                "Certification authority", spec.ca(),
                "ACME challenge",
                        EmbeddedCa.NAME.equals(spec.ca()) || form.offline()
                                ? "(not used)"
                                : form.challengeType().id(),
                "Validity",
                        spec.validity() == null
                                ? "(the CA's default)"
                                : io.certwiz.DurationText.format(spec.validity()),
                "Usages", WizardRoutes.labels(spec.usages()),
                "Friendly name", spec.friendlyName() == null ? "(none)" : spec.friendlyName(),
                "Key",
                        spec.keyType().algorithm() + " " + spec.keyType().bits() + " ("
                                + spec.keyType().id() + ")",
                "Key store", keyStoreShown(site.certwiz(ctx).keys().tokens(), spec.keyStore()),
                "Private key exportable", spec.exportable() ? "yes" : "no",
                "Subject",
                        Html.raw("<span class=\"mono\" id=\"summary-subject\">" + Html.esc(subjectText(plan))
                                + "</span>"),
                "Subject alternative names", Html.raw("<pre id=\"summary-sans\">" + Html.esc(sans) + "</pre>"),
                "Outside the embedded CA's name policy", spec.outsidePolicy() ? "yes (audited)" : "no",
                "Organization", orNone(spec.organization()),
                "Organizational unit", orNone(spec.orgUnit()),
                "Country/region", orNone(spec.country()),
                "State/province", orNone(spec.state()),
                "City/locality", orNone(spec.city())));
        body.append("<div class=\"actions\">")
                .append("<form method=\"post\" action=\"/request\">")
                .append(Html.csrfField(site.csrfToken(ctx)))
                .append(form.hiddenFields())
                .append("<button type=\"submit\" id=\"submit-request\">")
                .append(form.offline() ? "Prepare the request" : "Submit the request")
                .append("</button></form>")
                .append("<form method=\"get\" action=\"/request\">")
                .append(form.hiddenFields())
                .append("<button type=\"submit\">Back</button></form>")
                .append("</div>");
        WizardRoutes.render(site, ctx, "Certificate Request Summary", body.toString());
    }

    private static String orNone(String value) {
        return value == null ? "(none)" : value;
    }

    private static void submit(WizardSite site, Context ctx, WizardRequestJobs jobs) {
        WizardRequestForm form = posted(ctx);
        Certwiz certwiz = site.certwiz(ctx);
        try {
            // Never assigned here: the status page's Finish assigns when its check box is on.
            RequestSpec spec = form.spec(false);
            if (form.offline()) {
                OfflineRequest request = certwiz.requests().offline(spec);
                WizardRoutes.seeOther(ctx, "/requests/" + request.requestId() + "?created=1");
                return;
            }
            if (!spec.ca().equals(EmbeddedCa.NAME)) {
                // An ACME CA can take minutes: run it in the background and follow it on the progress page.
                certwiz.authority(spec.ca());
                WizardRequestJobs.Job job =
                        jobs.start(WizardRequestJobs.owner(site, ctx), spec.ca(), form, progress -> {
                            RequestOutcome outcome = certwiz.requests()
                                    .online(form.spec(
                                            false, new AcmeOptions(form.challengeType(), null, null, null, progress)));
                            return WizardStatusPage.location(
                                    outcome.certificate().thumbprint(), spec.usages(), null);
                        });
                WizardRoutes.seeOther(ctx, WizardProgressPage.location(job.id));
                return;
            }
            RequestOutcome outcome = certwiz.requests().online(spec);
            WizardRoutes.seeOther(
                    ctx, WizardStatusPage.location(outcome.certificate().thumbprint(), spec.usages(), null));
        } catch (CertwizException e) {
            form(site, ctx, form, e);
        }
    }

    static String usageQuery(List<Usage> usages) {
        return "usage=" + Html.url(WizardRoutes.names(usages));
    }

    /** Where the key is made: the configured default, software, or a token of tokens.json. */
    private static String keyStoreChoice(TokenConfigs tokens, String chosen) {
        StringBuilder out = new StringBuilder(
                "<label for=\"keyStore\">Key store</label><select id=\"keyStore\" name=\"keyStore\">");
        out.append(option("", "the default: " + describe(tokens, tokens.defaultKeyStore()), chosen));
        out.append(option(KeyStoreChoice.SOFTWARE_NAME, describe(tokens, KeyStoreChoice.SOFTWARE), chosen));
        for (String name : tokens.tokens().keySet()) {
            KeyStoreChoice token = KeyStoreChoice.token(name);
            out.append(option(token.toString(), describe(tokens, token), chosen));
        }
        return out.append("</select><p class=\"hint\">A key made on a PKCS#11 token (tokens.json in the data "
                        + "directory) never leaves it, so it is never exportable.</p>")
                .toString();
    }

    private static String keyStoreShown(TokenConfigs tokens, String chosen) {
        KeyStoreChoice choice =
                chosen == null || chosen.isBlank() ? tokens.defaultKeyStore() : KeyStoreChoice.parse(chosen);
        return describe(tokens, choice);
    }

    private static String describe(TokenConfigs tokens, KeyStoreChoice choice) {
        if (!choice.onToken()) {
            return "software (sealed in the store)";
        }
        return choice + " (PKCS#11 token, "
                + tokens.find(choice.token()).map(TokenConfig::where).orElse("not configured") + ")";
    }
}
