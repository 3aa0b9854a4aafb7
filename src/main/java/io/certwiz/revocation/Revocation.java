package io.certwiz.revocation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.certwiz.Problem;
import java.time.Instant;
import java.util.List;

/**
 * The revocation check of a path, as {@code verify} and the assignment checks report it ({@code
 * revocation} in their JSON): the policy it ran under, the status of the path (revoked if any certificate
 * is; else unknown if any is; else the leaf's), the source and time of the leaf's status, and each
 * certificate's status, leaf first. {@link #problem} is what refuses the path under the policy, {@link
 * #warning} what soft fail let through.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Revocation(
        String policy,
        String status,
        String source,
        Instant when,
        String reason,
        String message,
        List<CertificateRevocation> certificates) {
    public Revocation {
        certificates = certificates == null ? List.of() : List.copyOf(certificates);
    }

    /** The check was not made: its policy is off, or there is no valid path to check. */
    public static Revocation notChecked(RevocationPolicy policy, String why) {
        return new Revocation(policy.name(), CertificateRevocation.UNCHECKED, null, null, null, why, List.of());
    }

    public boolean revoked() {
        return CertificateRevocation.REVOKED.equals(status);
    }

    /** What refuses the path under its policy: a revocation, or (hard fail) a status not found; else null. */
    public Problem problem() {
        if (RevocationPolicy.off.name().equals(policy)) {
            return null;
        }
        if (revoked()) {
            return new Problem("REVOKED", message, "request a new certificate");
        }
        if (RevocationPolicy.hard.name().equals(policy)
                && !CertificateRevocation.GOOD.equals(status)
                && !certificates.isEmpty()) {
            return new Problem(
                    "REVOCATION_UNKNOWN",
                    message,
                    "give the CRL with --crl FILE, make its distribution point reachable, or check with --ocsp");
        }
        return null;
    }

    /** What soft fail let through (a status that could not be found), or null. */
    public Problem warning() {
        if (RevocationPolicy.soft.name().equals(policy) && CertificateRevocation.UNKNOWN.equals(status)) {
            return new Problem("REVOCATION_UNKNOWN", message, "the certificate was accepted without it (soft fail)");
        }
        return null;
    }
}
