package io.certwiz.certificate;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.certwiz.Problem;
import io.certwiz.trust.ChainReport;
import io.certwiz.x509.CertificateDetails;
import java.util.List;

/**
 * A certificate as every face shows it (the JSON schema in docs/json.md). {@code details} is set by
 * {@code show}; {@code pem} only when asked for; {@code acme} by {@code show} for a certificate from an
 * ACME CA; the lineage ({@code replaces}, {@code replacedBy}) and the {@code renewal} state by the renewal
 * service ({@link #withRenewal}).
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
        String keyStore,
        Chain chain,
        List<String> assignedUsages,
        CertificateDetails details,
        String pem,
        Acme acme,
        String replaces,
        String replacedBy,
        io.certwiz.usage.RenewalView renewal) {

    /**
     * Where an ACME CA's certificate came from, and its ACME Renewal Information (RFC 9773): the ARI id
     * and the suggested renewal window as last read (null when the CA offers no ARI).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Acme(
            String ca,
            String certificateUrl,
            String chainIssuer,
            List<String> alternateIssuers,
            String ariId,
            RenewalWindow renewalWindow) {
        public static Acme of(io.certwiz.acme.client.AcmeIssuedRecord issued) {
            return new Acme(
                    issued.caName(),
                    issued.certificateUrl(),
                    issued.chainIssuer(),
                    issued.alternateIssuers(),
                    issued.ariId(),
                    issued.hasWindow()
                            ? new RenewalWindow(
                                    issued.windowStart().toString(),
                                    issued.windowEnd().toString(),
                                    issued.windowCheckedAt() == null
                                            ? null
                                            : issued.windowCheckedAt().toString(),
                                    issued.windowExplanation())
                            : null);
        }
    }

    /** The CA's suggested renewal window: RFC 3339 times, and the CA's explanation URL if it gave one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RenewalWindow(String start, String end, String checkedAt, String explanation) {}

    /** The chain built from the stores, its verdict, and what is wrong with it. */
    public record Chain(boolean trusted, List<ChainReport.ChainElement> elements, List<Problem> problems) {
        public static Chain of(ChainReport report) {
            return new Chain(report.trusted(), report.elements(), report.problems());
        }
    }

    /**
     * Whether the private key is here, where it lives and whether it may leave: "present, exportable",
     * "present, not exportable", "on token pkcs11:..., not exportable", "none".
     */
    public String privateKeyStatus() {
        if (!hasPrivateKey) {
            return "none";
        }
        if (keyStore != null && keyStore.startsWith("pkcs11:")) {
            return "on token " + keyStore + ", not exportable";
        }
        return Boolean.TRUE.equals(exportable) ? "present, exportable" : "present, not exportable";
    }

    /** The same with its lineage and renewal state (each null when there is none). */
    public CertificateView withRenewal(String replaces, String replacedBy, io.certwiz.usage.RenewalView renewal) {
        return with(details, pem, acme, replaces, replacedBy, renewal);
    }

    public CertificateView withDetails(CertificateDetails details, String pem, Acme acme) {
        return with(details, pem, acme, replaces, replacedBy, renewal);
    }

    /** This view with its later parts (what {@code show} and renewal add) replaced. */
    private CertificateView with(
            CertificateDetails details,
            String pem,
            Acme acme,
            String replaces,
            String replacedBy,
            io.certwiz.usage.RenewalView renewal) {
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
                keyStore,
                chain,
                assignedUsages,
                details,
                pem,
                acme,
                replaces,
                replacedBy,
                renewal);
    }
}
