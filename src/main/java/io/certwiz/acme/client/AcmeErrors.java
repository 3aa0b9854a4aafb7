package io.certwiz.acme.client;

import io.certwiz.CertwizException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertPathValidatorException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.net.ssl.SSLHandshakeException;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeLazyLoadingException;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.exception.AcmeUserActionRequiredException;

/** Turns what acme4j throws into certwiz's one-line errors, with the CA's problem document when there is one. */
final class AcmeErrors {
    private AcmeErrors() {}

    /** A problem document on one line: its type, detail, and the subproblems with their identifiers. */
    static String line(Problem problem) {
        StringBuilder out = new StringBuilder(problem.getType().toString());
        String detail = problem.getDetail().or(problem::getTitle).orElse(null);
        if (detail != null) {
            out.append(": ").append(oneLine(detail));
        }
        List<Problem> subproblems = problem.getSubProblems();
        if (!subproblems.isEmpty()) {
            out.append(" [")
                    .append(subproblems.stream()
                            .map(sub -> sub.getIdentifier()
                                            .map(id -> AcmeCa.describe(id) + ": ")
                                            .orElse("")
                                    + line(sub))
                            .collect(Collectors.joining("; ")))
                    .append(']');
        }
        return out.toString();
    }

    static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** {@code caName}'s failure while {@code doing} (e.g. "placing the order"), as one line. */
    static CertwizException wrap(String caName, String directoryUrl, String doing, Exception e) {
        if (e instanceof AcmeLazyLoadingException lazy && lazy.getCause() instanceof AcmeException cause) {
            return wrap(caName, directoryUrl, doing, cause);
        }
        if (e instanceof AcmeRateLimitedException limited) {
            return CertwizException.error("the CA " + caName + " rate-limited " + doing + ": "
                    + line(limited.getProblem())
                    + limited.getRetryAfter().map(at -> "; retry after " + at).orElse("")
                    + (limited.getDocuments().isEmpty()
                            ? ""
                            : "; see " + limited.getDocuments().iterator().next()));
        }
        if (e instanceof AcmeUserActionRequiredException action) {
            return CertwizException.error("the CA " + caName + " needs its account holder to act before " + doing
                    + ": " + line(action.getProblem())
                    + action.getTermsOfServiceUri()
                            .map(tos -> "; new terms of service: " + tos)
                            .orElse("")
                    + "; see " + action.getInstance());
        }
        if (e instanceof AcmeServerException server) {
            return CertwizException.error("the CA " + caName + " refused " + doing + ": " + line(server.getProblem()));
        }
        if (e instanceof AcmeNetworkException) {
            return CertwizException.error(
                    "cannot reach the CA " + caName + " at " + directoryUrl + " while " + doing + ": " + network(e), e);
        }
        return CertwizException.error("the CA " + caName + " failed " + doing + ": " + message(e), e);
    }

    /** The root cause of a connection failure, in words and without exception class names. */
    static String network(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertPathValidatorException
                    || cause instanceof SSLHandshakeException
                            && String.valueOf(cause.getMessage()).contains("PKIX")) {
                return "its HTTPS certificate is not trusted (pass --ca-bundle FILE with the CA that issued it)";
            }
            if (cause instanceof SSLHandshakeException) {
                return "TLS handshake failed: " + oneLine(cause.getMessage());
            }
            if (cause instanceof UnknownHostException) {
                return "unknown host " + cause.getMessage();
            }
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
            if (cause instanceof HttpTimeoutException) {
                return "timed out";
            }
        }
        return message(e);
    }

    /** The innermost useful message, without Java class names. */
    static String message(Throwable e) {
        String found = null;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                found = cause.getMessage();
            }
        }
        if (found == null) {
            return "no details";
        }
        String cleaned = oneLine(found).replaceAll("\\b(?:[a-z_][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error):\\s*", "");
        return cleaned.toLowerCase(Locale.ROOT).contains("exception") ? "no details" : cleaned;
    }
}
