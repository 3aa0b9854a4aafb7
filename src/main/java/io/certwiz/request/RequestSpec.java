package io.certwiz.request;

import io.certwiz.CertwizException;
import io.certwiz.DurationText;
import io.certwiz.acme.client.AcmeOptions;
import io.certwiz.ca.EmbeddedCa;
import io.certwiz.ca.Submission;
import io.certwiz.usage.Usage;
import io.certwiz.x509.KeyType;
import io.certwiz.x509.SubjectAltName;
import java.time.Duration;
import java.util.List;

/**
 * What an administrator asks for in a certificate request (the wizard's request pages). The CLI, the
 * API and the wizard build it with {@link #builder}, which holds the defaults and reads their text input
 * the same way.
 */
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
        AcmeOptions acme,
        boolean outsidePolicy,
        String keyStore,
        Duration validity) {
    /** The CA a request goes to unless it names one. */
    public static final String DEFAULT_CA = EmbeddedCa.NAME;

    /** The key a request makes unless it names a type. */
    public static final KeyType DEFAULT_KEY = KeyType.RSA_2048;

    public RequestSpec {
        usages = List.copyOf(usages);
        extraSans = List.copyOf(extraSans);
        if (ca == null) {
            ca = DEFAULT_CA;
        }
        if (keyType == null) {
            keyType = DEFAULT_KEY;
        }
        if (acme == null) {
            acme = AcmeOptions.defaults();
        }
        if (validity != null && (validity.isNegative() || validity.isZero())) {
            throw CertwizException.badUsage("--validity must be a positive time such as 10m or 30d");
        }
    }

    /**
     * A request within the embedded CA's name policy whose key goes to the configured default key store
     * ({@code keyStore} null).
     */
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
            boolean assign,
            AcmeOptions acme) {
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
                acme,
                false,
                null,
                null);
    }

    /** What the CA is asked for beside the CSR. */
    public Submission submission() {
        return new Submission(usages, validity, acme);
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
                null,
                false,
                null,
                null);
    }

    /** A request for these usages with every other field at its default. */
    public static RequestSpec forUsages(List<Usage> usages, KeyType keyType) {
        return builder(usages).keyType(keyType).build();
    }

    /** A request for these usages; every field not set stays at its default. */
    public static Builder builder(List<Usage> usages) {
        return new Builder(usages);
    }

    /**
     * Builds a request from what a face was given. Text left out or blank takes the default: the
     * embedded CA, a {@link #DEFAULT_KEY} key, no friendly name, a subject filled from the server
     * identity; the key is not exportable and the certificate is assigned once issued.
     */
    public static final class Builder {
        private final List<Usage> usages;
        private String ca;
        private KeyType keyType;
        private String friendlyName;
        private boolean exportable;
        private String subject;
        private List<SubjectAltName> extraSans = List.of();
        private String organization;
        private String orgUnit;
        private String city;
        private String state;
        private String country;
        private boolean assign = true;
        private AcmeOptions acme;
        private boolean outsidePolicy;
        private String keyStore;
        private Duration validity;

        private Builder(List<Usage> usages) {
            this.usages = List.copyOf(usages);
        }

        /** The CA by name (as {@code certwiz ca list} shows it). */
        public Builder ca(String name) {
            this.ca = text(name);
            return this;
        }

        /** The key type as written on the command line, e.g. ec-p256; an unknown one is a usage error. */
        public Builder key(String type) {
            String text = text(type);
            this.keyType = text == null ? null : KeyType.parse(text);
            return this;
        }

        public Builder keyType(KeyType type) {
            this.keyType = type;
            return this;
        }

        public Builder friendlyName(String name) {
            this.friendlyName = FriendlyNames.normalize(name);
            return this;
        }

        /** Whether the private key may be exported later (null: the default, not exportable). */
        public Builder exportable(Boolean exportable) {
            this.exportable = Boolean.TRUE.equals(exportable);
            return this;
        }

        /** A subject DN instead of the one filled from the server identity. */
        public Builder subject(String dn) {
            this.subject = text(dn);
            return this;
        }

        /** Additional SANs as each face takes them ({@link SanInput}). */
        public Builder sans(List<String> inputs) {
            this.extraSans = SanInput.parse(inputs);
            return this;
        }

        public Builder organization(String organization) {
            this.organization = text(organization);
            return this;
        }

        public Builder orgUnit(String orgUnit) {
            this.orgUnit = text(orgUnit);
            return this;
        }

        public Builder city(String city) {
            this.city = text(city);
            return this;
        }

        public Builder state(String state) {
            this.state = text(state);
            return this;
        }

        public Builder country(String country) {
            this.country = text(country);
            return this;
        }

        /** Whether to assign the certificate to its usages once issued (null: the default, yes). */
        public Builder assign(Boolean assign) {
            this.assign = !Boolean.FALSE.equals(assign);
            return this;
        }

        /** How a request to an ACME CA runs (null: the defaults). */
        public Builder acme(AcmeOptions acme) {
            this.acme = acme;
            return this;
        }

        /**
         * Whether the embedded CA may issue names its policy ({@code certwiz policy}) does not permit: an
         * explicit override, audited (null: the default, no).
         */
        public Builder outsidePolicy(Boolean outsidePolicy) {
            this.outsidePolicy = Boolean.TRUE.equals(outsidePolicy);
            return this;
        }

        /**
         * Where the key is made: {@code software} or {@code pkcs11:NAME} (a token in tokens.json); null or
         * blank: the configured default (tokens.json's defaultKeyStore, else software).
         */
        public Builder keyStore(String keyStore) {
            String text = text(keyStore);
            if (text != null) {
                io.certwiz.keystore.KeyStoreChoice.parse(text);
            }
            this.keyStore = text;
            return this;
        }

        /** How long the certificate is valid (null: the CA's default); only the embedded CA takes it. */
        public Builder validity(Duration validity) {
            this.validity = validity;
            return this;
        }

        /** The validity as written ({@code 10m}, {@code 12h}, {@code 30d}); blank: the CA's default. */
        public Builder validity(String text) {
            String value = text(text);
            this.validity = value == null ? null : DurationText.parse(value, "--validity");
            return this;
        }

        public RequestSpec build() {
            return new RequestSpec(
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
                    acme,
                    outsidePolicy,
                    keyStore,
                    validity);
        }

        private static String text(String value) {
            return value == null || value.isBlank() ? null : value;
        }
    }
}
