package io.certwiz.certificate;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.certwiz.Problem;
import io.certwiz.trust.ChainReport;
import io.certwiz.x509.CertificateDetails;
import java.util.List;

/**
 * A certificate as every face shows it (the JSON schema in docs/json.md). {@code details} is set by
 * {@code show}; {@code pem} only when asked for.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CertificateView(
        String thumbprint,
        String sha256,
        String subject,
        String issuer,
        String serialNumber,
        String notBefore,
        String notAfter,
        List<String> sans,
        String store,
        String friendlyName,
        boolean hasPrivateKey,
        Boolean exportable,
        Chain chain,
        List<String> assignedUsages,
        CertificateDetails details,
        String pem) {

    /** The chain built from the stores, its verdict, and what is wrong with it. */
    public record Chain(boolean trusted, List<ChainReport.ChainElement> elements, List<Problem> problems) {
        public static Chain of(ChainReport report) {
            return new Chain(report.trusted(), report.elements(), report.problems());
        }
    }

    /** Whether the private key is here and may leave: "present, exportable", "present, not exportable", "none". */
    public String privateKeyStatus() {
        if (!hasPrivateKey) {
            return "none";
        }
        return Boolean.TRUE.equals(exportable) ? "present, exportable" : "present, not exportable";
    }

    public CertificateView withDetails(CertificateDetails details, String pem) {
        return new CertificateView(
                thumbprint,
                sha256,
                subject,
                issuer,
                serialNumber,
                notBefore,
                notAfter,
                sans,
                store,
                friendlyName,
                hasPrivateKey,
                exportable,
                chain,
                assignedUsages,
                details,
                pem);
    }
}
