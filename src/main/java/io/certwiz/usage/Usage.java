package io.certwiz.usage;

import io.certwiz.CertwizException;
import io.certwiz.x509.ExtendedKeyUsage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** What a certificate can be assigned to on the server. */
public enum Usage {
    /** Mutual TLS to clients and other servers. */
    Default("Server default (mutual TLS)", List.of(ExtendedKeyUsage.SERVER_AUTH, ExtendedKeyUsage.CLIENT_AUTH)),
    /** The internal web services site: admin UI and REST API. */
    WebServicesInternal("Web services internal", List.of(ExtendedKeyUsage.SERVER_AUTH)),
    /** The external web services site: public endpoints. */
    WebServicesExternal("Web services external", List.of(ExtendedKeyUsage.SERVER_AUTH)),
    /** Signing server-to-server tokens. */
    OAuthTokenIssuer("OAuth token issuer", List.of());

    private final String label;
    private final List<ExtendedKeyUsage> requiredEkus;

    Usage(String label, List<ExtendedKeyUsage> requiredEkus) {
        this.label = label;
        this.requiredEkus = requiredEkus;
    }

    public String label() {
        return label;
    }

    /** Whether a TLS listener presents this usage's certificate (Default, WebServicesInternal, WebServicesExternal). */
    public boolean hasListener() {
        return this != OAuthTokenIssuer;
    }

    /** The EKUs a certificate needs for this usage. */
    public List<ExtendedKeyUsage> requiredEkus() {
        return requiredEkus;
    }

    public static Usage parse(String text) {
        for (Usage usage : values()) {
            if (usage.name().equalsIgnoreCase(text.strip())) {
                return usage;
            }
        }
        throw CertwizException.badUsage("unknown usage '" + text.strip() + "'; choose from " + names());
    }

    /** Parses "Default,WebServicesInternal" or several such arguments; order kept, duplicates dropped. */
    public static List<Usage> parseList(List<String> arguments) {
        Set<Usage> usages = new LinkedHashSet<>();
        for (String argument : arguments) {
            for (String part : argument.split(",")) {
                if (!part.isBlank()) {
                    usages.add(parse(part));
                }
            }
        }
        if (usages.isEmpty()) {
            throw CertwizException.badUsage("name at least one usage: " + names());
        }
        return new ArrayList<>(usages);
    }

    public static String names() {
        return Arrays.stream(values()).map(Usage::name).collect(Collectors.joining(", "));
    }
}
