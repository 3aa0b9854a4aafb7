package io.certwiz.cli;

import io.certwiz.Problem;
import io.certwiz.certificate.CertificateView;
import io.certwiz.inventory.ImportOutcome;
import io.certwiz.request.RequestOutcome;
import io.certwiz.trust.ChainReport;
import io.certwiz.usage.UsageStatus;
import io.certwiz.x509.CertificateDetails;
import java.io.PrintWriter;
import java.util.List;

/** Plain-text renderings of the service layer's results, for a person at a terminal. */
final class Text {
    private Text() {}

    static void field(PrintWriter out, String name, Object value) {
        out.printf("  %-24s %s%n", name + ":", value == null ? "" : value);
    }

    static String list(List<String> values) {
        return values == null || values.isEmpty() ? "(none)" : String.join(", ", values);
    }

    static void summary(PrintWriter out, CertificateView view) {
        field(out, "Thumbprint", view.thumbprint());
        field(out, "SHA-256", view.sha256());
        field(out, "Subject", view.subject());
        field(out, "Issuer", view.issuer());
        field(out, "Serial number", view.serialNumber());
        field(out, "Valid from", view.notBefore());
        field(out, "Valid to", view.notAfter());
        field(out, "Subject alternative names", list(view.sans()));
        field(out, "Friendly name", view.friendlyName());
        field(out, "Store", view.store());
        field(out, "Private key", view.privateKeyStatus());
        field(out, "Chain", view.chain().trusted() ? "trusted" : "NOT trusted");
        field(out, "Assigned to", list(view.assignedUsages()));
    }

    static void details(PrintWriter out, CertificateView view) {
        CertificateDetails d = view.details();
        out.println("Certificate " + view.thumbprint());
        field(out, "Version", "V" + d.version());
        field(out, "Serial number", d.serialNumber());
        field(out, "Signature algorithm", d.signatureAlgorithm());
        field(out, "Issuer", d.issuer());
        field(out, "Subject", d.subject());
        field(out, "Valid from", d.notBefore());
        field(out, "Valid to", d.notAfter());
        field(out, "Public key", d.publicKeyAlgorithm() + " (" + d.publicKeyBits() + " bits)");
        field(out, "Subject alternative names", list(d.sans()));
        field(out, "Key usage", list(d.keyUsage()));
        field(out, "Enhanced key usage", list(d.extendedKeyUsage()));
        field(out, "Basic constraints", CertificateDetails.BasicConstraintsView.describe(d.basicConstraints()));
        field(out, "Subject key identifier", d.subjectKeyIdentifier());
        field(out, "Authority key identifier", d.authorityKeyIdentifier());
        field(out, "Authority info access", list(d.authorityInfoAccess()));
        field(out, "CRL distribution points", list(d.crlDistributionPoints()));
        field(out, "Certificate policies", list(d.policies()));
        field(out, "Thumbprint (SHA-1)", d.thumbprint());
        field(out, "SHA-256", d.sha256());
        field(out, "Friendly name", view.friendlyName());
        field(out, "Store", view.store());
        field(out, "Private key", view.privateKeyStatus());
        field(out, "Assigned to", list(view.assignedUsages()));
        chain(out, view.chain().trusted(), view.chain().elements(), view.chain().problems());
        if (view.pem() != null) {
            view.pem().lines().forEach(out::println);
        }
    }

    static void chain(
            PrintWriter out, boolean trusted, List<ChainReport.ChainElement> elements, List<Problem> problems) {
        out.println("Certification path (" + (trusted ? "trusted" : "NOT trusted") + "):");
        String indent = "  ";
        for (ChainReport.ChainElement element : elements) {
            out.printf(
                    "%s%s [%s%s] %s%s%n",
                    indent,
                    element.subject(),
                    element.role(),
                    element.store() == null ? "" : ", " + element.store() + " store",
                    element.status(),
                    element.thumbprint() == null
                            ? (element.keyIdentifier() == null ? "" : " key id " + element.keyIdentifier())
                            : " " + element.thumbprint());
            indent += "  ";
        }
        problems(out, problems);
    }

    /** The revocation line of a verdict, and what soft fail let through. */
    static void revocation(PrintWriter out, io.certwiz.revocation.Revocation revocation, List<Problem> warnings) {
        if (revocation != null) {
            out.println("Revocation (" + revocation.policy() + "): " + revocation.status()
                    + (revocation.message() == null ? "" : ": " + revocation.message()));
        }
        for (Problem warning : warnings == null ? List.<Problem>of() : warnings) {
            out.println("  warning: " + warning.message());
        }
    }

    static void problems(PrintWriter out, List<Problem> problems) {
        for (Problem problem : problems) {
            out.println("  ! " + problem.message());
            if (problem.fix() != null) {
                out.println("    fix: " + problem.fix());
            }
        }
    }

    static void outcome(PrintWriter out, RequestOutcome outcome) {
        out.println("Online Certificate Request Status: the certificate was issued.");
        if (outcome.requestId() != null) {
            field(out, "Request id", outcome.requestId());
        }
        summary(out, outcome.certificate());
        field(out, "Requested for", list(outcome.requestedUsages()));
        if (!outcome.assignRequested()) {
            out.println("Not assigned (--no-assign). Assign it later with:");
            out.println("  certwiz assign " + outcome.certificate().thumbprint() + " --usage "
                    + String.join(",", outcome.requestedUsages()));
        } else if (outcome.assignmentRefused()) {
            out.println("The certificate cannot be assigned yet; it stays in the personal store:");
            problems(out, outcome.assignmentProblems());
            out.println("Then assign it with:");
            out.println("  certwiz assign " + outcome.certificate().thumbprint() + " --usage "
                    + String.join(",", outcome.requestedUsages()));
        } else {
            out.println("Assigned to " + list(outcome.assignedUsages()) + ".");
        }
    }

    static void imported(PrintWriter out, ImportOutcome outcome) {
        for (ImportOutcome.Imported item : outcome.imported()) {
            out.printf(
                    "Imported %s into %s: %s%s%n",
                    item.thumbprint(),
                    item.store(),
                    item.subject(),
                    item.note() == null ? "" : " (" + item.note() + ")");
        }
        if (outcome.completedRequest() != null) {
            outcome(out, outcome.completedRequest());
        }
    }

    static void usages(PrintWriter out, List<UsageStatus> usages) {
        out.printf("%-20s %-15s %-40s %-22s %s%n", "USAGE", "STATE", "THUMBPRINT", "EXPIRES", "SUBJECT");
        for (UsageStatus status : usages) {
            out.printf(
                    "%-20s %-15s %-40s %-22s %s%n",
                    status.usage(),
                    status.state(),
                    status.thumbprint() == null ? "-" : status.thumbprint(),
                    status.notAfter() == null ? "-" : status.notAfter(),
                    status.subject() == null ? "-" : status.subject());
            if (status.nextThumbprint() != null) {
                out.printf(
                        "%-20s %-15s %-40s %-22s effective %s%n",
                        "",
                        "  next",
                        status.nextThumbprint(),
                        status.nextNotAfter() == null ? "-" : status.nextNotAfter(),
                        status.nextEffectiveDate());
            }
            if (status.previousThumbprint() != null) {
                out.printf(
                        "%-20s %-15s %-40s %-22s %s%n",
                        "",
                        "  previous",
                        status.previousThumbprint(),
                        status.previousNotAfter() == null ? "-" : status.previousNotAfter(),
                        io.certwiz.assignment.Rollover.rolls(io.certwiz.usage.Usage.parse(status.usage()))
                                ? "its tokens verify until it expires"
                                : "");
            }
            if (status.problem() != null) {
                out.printf("%-20s %s%n", "", status.problem());
            }
        }
    }
}
