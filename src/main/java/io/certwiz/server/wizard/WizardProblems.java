package io.certwiz.server.wizard;

import io.certwiz.Problem;
import java.util.List;

/**
 * Failed checks as the wizard shows them: each message with its fix (the same text the CLI prints),
 * and where the fix is a step the wizard itself can take, a link to that page.
 */
final class WizardProblems {
    private WizardProblems() {}

    static String html(List<Problem> problems) {
        StringBuilder out = new StringBuilder();
        for (Problem problem : problems) {
            out.append("<div class=\"problem\"><strong>")
                    .append(Html.esc(problem.message()))
                    .append("</strong>");
            if (problem.fix() != null) {
                out.append("<br>Fix: ").append(Html.esc(problem.fix()));
            }
            String step = wizardStep(problem.code());
            if (step != null) {
                out.append("<br>In the wizard: ").append(step);
            }
            out.append("</div>");
        }
        return out.toString();
    }

    /** The wizard page that fixes a problem, when there is one. */
    static String wizardStep(String code) {
        if (code == null) {
            return null;
        }
        return switch (code) {
            case "CA_NOT_FOUND" ->
                "get that CA certificate from the CA and add it on the "
                        + Html.link("/import", "Import")
                        + " page as a CA certificate (Intermediate CA, or Trusted root CA"
                        + " if it is self-signed).";
            case "ROOT_NOT_TRUSTED", "NO_TRUST_ANCHOR" ->
                "add the root CA certificate on the " + Html.link("/import", "Import")
                        + " page as a CA certificate, choosing Trusted root CA.";
            case "NO_PRIVATE_KEY" ->
                Html.link("/import", "Import") + " a PFX with its private key, or the CA's reply to a "
                        + Html.link("/requests", "pending request") + " made here.";
            case "EXPIRED", "NAME_NOT_COVERED", "EKU_MISSING", "KEY_TOO_SMALL", "KEY_USAGE_MISSING" ->
                Html.link("/request", "Request") + " a new certificate for this usage.";
            case "CA_EXPIRED" -> Html.link("/import", "Import") + " a current certificate of that CA.";
            default -> null;
        };
    }
}
