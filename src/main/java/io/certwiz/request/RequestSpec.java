package io.certwiz.request;

import io.certwiz.usage.Usage;
import io.certwiz.x509.KeyType;
import io.certwiz.x509.SubjectAltName;
import java.util.List;

/** What an administrator asks for in a certificate request (the wizard's request pages). */
public record RequestSpec(
        List<Usage> usages,
        String ca,
        KeyType keyType,
        String friendlyName,
        boolean exportable,
        String subject,
        List<SubjectAltName> extraSans,
        String organization,
        String orgUnit,
        String city,
        String state,
        String country,
        boolean assign,
        io.certwiz.acme.client.AcmeOptions acme) {
    public RequestSpec {
        usages = List.copyOf(usages);
        extraSans = List.copyOf(extraSans);
        if (ca == null) {
            ca = "embedded";
        }
        if (keyType == null) {
            keyType = KeyType.RSA_2048;
        }
        if (acme == null) {
            acme = io.certwiz.acme.client.AcmeOptions.defaults();
        }
    }

    /** A request with the ACME options at their defaults (they matter only for ACME CAs). */
    public RequestSpec(
            List<Usage> usages,
            String ca,
            KeyType keyType,
            String friendlyName,
            boolean exportable,
            String subject,
            List<SubjectAltName> extraSans,
            String organization,
            String orgUnit,
            String city,
            String state,
            String country,
            boolean assign) {
        this(
                usages,
                ca,
                keyType,
                friendlyName,
                exportable,
                subject,
                extraSans,
                organization,
                orgUnit,
                city,
                state,
                country,
                assign,
                null);
    }

    /** A request for these usages with every other field at its default. */
    public static RequestSpec forUsages(List<Usage> usages, KeyType keyType) {
        return new RequestSpec(usages, null, keyType, null, false, null, List.of(), null, null, null, null, null, true);
    }
}
