package io.certwiz.server.api;

import io.certwiz.CertwizException;
import io.certwiz.Problem;
import io.certwiz.inventory.ImportService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's face of a service's message. The services word their messages for the CLI, which tests and
 * the README rely on ({@code --password-file}, {@code certwiz import FILE --store root}); here a CLI
 * command becomes the API call that does the same and a CLI option becomes the JSON field (or query
 * parameter) of the API, so an API client is never told to pass a flag it cannot pass.
 */
final class ApiWording {
    /** CLI commands the services suggest, and the API call that does the same; the first that matches wins. */
    private static final List<Rule> COMMANDS = List.of(
            new Rule(
                    "certwiz import FILE --store root \\(certwiz export ([0-9A-Fa-f]+) --out root\\.pem writes it\\)",
                    "POST " + ApiRoutes.PREFIX + "/imports?store=root (POST " + ApiRoutes.PREFIX
                            + "/certificates/$1/export gives it)"),
            new Rule(
                    "certwiz import FILE \\(add --store root if it is the trusted root\\)",
                    "POST " + ApiRoutes.PREFIX + "/imports (store=root if it is the trusted root)"),
            new Rule("certwiz import FILE --store root", "POST " + ApiRoutes.PREFIX + "/imports?store=root"),
            new Rule("certwiz import FILE", "POST " + ApiRoutes.PREFIX + "/imports"),
            new Rule(
                    "certwiz unassign --usage (\\w+) --next",
                    "DELETE " + ApiRoutes.PREFIX + "/assignments/$1?which=next"),
            new Rule(
                    "certwiz unassign --usage (\\w+) --previous",
                    "DELETE " + ApiRoutes.PREFIX + "/assignments/$1?which=previous"),
            new Rule("certwiz request --usage (\\w+)", "POST " + ApiRoutes.PREFIX + "/requests with usages [\"$1\"]"),
            new Rule("certwiz requests\\b", "GET " + ApiRoutes.PREFIX + "/requests"),
            new Rule(
                    "certwiz alerts add-webhook or add-email",
                    "POST " + ApiRoutes.PREFIX + "/alerts/webhooks or " + ApiRoutes.PREFIX + "/alerts/emails"));

    /** CLI options whose API field is not their name in camelCase. */
    private static final Map<String, String> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("usage", "usages");
        FIELDS.put("san", "sans");
        FIELDS.put("password-file", "password");
        FIELDS.put("smtp-password-file", "smtpPassword");
        FIELDS.put("secret-file", "secret");
        FIELDS.put("trusted", "trusted");
        FIELDS.put("untrusted", "untrusted");
        FIELDS.put("no-assign", "assign: false");
        FIELDS.put("offline", "offline: true");
    }

    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--([a-z][a-z0-9]*(?:-[a-z0-9]+)*)");

    private ApiWording() {}

    /** The exception as the API says it: its message and problems reworded, with the hint its codes ask for. */
    static CertwizException of(CertwizException e) {
        String message = text(e.getMessage()) + hint(e.problems());
        List<Problem> problems = e.problems().stream()
                .map(p -> new Problem(p.code(), text(p.message()), text(p.fix())))
                .toList();
        return new CertwizException(e.failure(), message, problems);
    }

    /** What the API adds to a refusal whose code names the option that does what it asks (the CLI adds the flag). */
    private static String hint(List<Problem> problems) {
        for (Problem problem : problems) {
            switch (problem.code()) {
                case ImportService.TRUST_IS_EXPLICIT -> {
                    return " (store=root)";
                }
                case ImportService.MOVE_IS_EXPLICIT -> {
                    return " (move=true)";
                }
                case ImportService.KEEP_WITHOUT_KEY -> {
                    return " (store=personal; pending requests: GET " + ApiRoutes.PREFIX + "/requests)";
                }
                default -> {}
            }
        }
        return "";
    }

    /** One text reworded for the API: commands first, then every remaining option. */
    static String text(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (Rule rule : COMMANDS) {
            out = rule.pattern().matcher(out).replaceAll(rule.replacement());
        }
        Matcher m = FLAG.matcher(out);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(field(m.group(1))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The API field of a CLI option: {@code --effective-date} is {@code effectiveDate}. */
    static String field(String option) {
        String known = FIELDS.get(option);
        if (known != null) {
            return known;
        }
        String[] parts = option.split("-");
        StringBuilder out = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            out.append(parts[i].substring(0, 1).toUpperCase(Locale.ROOT)).append(parts[i].substring(1));
        }
        return out.toString();
    }

    private record Rule(Pattern pattern, String replacement) {
        Rule(String regex, String replacement) {
            this(Pattern.compile(regex), replacement);
        }
    }
}
