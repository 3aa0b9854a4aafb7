package io.certwiz.usage;

import io.certwiz.x509.SubjectAltName;
import java.util.List;

/** The names this server answers to, from which requests are filled and assignments are checked. */
public record ServerIdentity(
        String fqdn, String poolFqdn, String webInternalFqdn, String webExternalFqdn, List<String> sipDomains) {
    public ServerIdentity {
        sipDomains = List.copyOf(sipDomains);
    }

    /** Validates and normalizes every name; unset names default to the server FQDN. */
    public static ServerIdentity of(
            String fqdn, String poolFqdn, String webInternalFqdn, String webExternalFqdn, List<String> sipDomains) {
        String server = dns(fqdn);
        return new ServerIdentity(
                server,
                poolFqdn == null ? server : dns(poolFqdn),
                webInternalFqdn == null ? server : dns(webInternalFqdn),
                webExternalFqdn == null ? server : dns(webExternalFqdn),
                sipDomains.stream().map(ServerIdentity::dns).distinct().toList());
    }

    private static String dns(String name) {
        return SubjectAltName.hostName(name).value();
    }

    /** The host name clients use to reach this usage; its certificate must cover it. */
    public String fqdnFor(Usage usage) {
        return switch (usage) {
            case Default -> poolFqdn;
            case WebServicesInternal -> webInternalFqdn;
            case WebServicesExternal -> webExternalFqdn;
            case OAuthTokenIssuer -> null;
        };
    }
}
