package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.InitService;
import io.certwiz.store.SharedStore;
import io.certwiz.usage.ServerIdentity;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "init", description = "Create the store, the server identity and the embedded CA.")
final class InitCommand extends BaseCommand {
    @Option(names = "--fqdn", required = true, paramLabel = "FQDN", description = "This server's FQDN.")
    String fqdn;

    @Option(names = "--pool-fqdn", paramLabel = "FQDN", description = "The pool FQDN (default: --fqdn).")
    String poolFqdn;

    @Option(names = "--web-internal-fqdn", paramLabel = "FQDN", description = "Internal web services FQDN.")
    String webInternalFqdn;

    @Option(names = "--web-external-fqdn", paramLabel = "FQDN", description = "External web services FQDN.")
    String webExternalFqdn;

    @Option(names = "--sip-domain", paramLabel = "DOMAIN", description = "A SIP domain (repeatable).")
    List<String> sipDomains = new ArrayList<>();

    @Option(
            names = "--no-trust-embedded-ca",
            description = "Do not put the embedded CA into the root and intermediate stores.")
    boolean noTrust;

    @Option(
            names = "--ca-key-store",
            paramLabel = "STORE",
            description = "Where the embedded CA's keys are made: software (default, sealed in the store) or"
                    + " pkcs11:NAME, a token named in the data directory's tokens.json.")
    String caKeyStore;

    @Option(names = "--force", description = "Replace an existing store (everything in it is lost).")
    boolean force;

    @Option(
            names = "--store-url",
            paramLabel = "JDBC-URL",
            description = "Create a pool's shared PostgreSQL store there (jdbc:postgresql://HOST/DB) instead of"
                    + " this directory's SQLite store; other servers then run certwiz join.")
    String storeUrl;

    @Option(names = "--store-user", paramLabel = "USER", description = "The PostgreSQL user.")
    String storeUser;

    @Option(names = "--store-password-file", paramLabel = "FILE", description = "The PostgreSQL password, first line.")
    java.nio.file.Path storePasswordFile;

    @Option(
            names = "--pki-url",
            paramLabel = "URL",
            description =
                    "Plain-HTTP base URL of the embedded CA's CRL, CA certificate and OCSP responder in the"
                            + " certificates it issues (default http://WEB-EXTERNAL-FQDN; the plain-HTTP listener serves them).")
    String pkiUrl;

    @Override
    public Integer call() {
        ServerIdentity identity = ServerIdentity.of(fqdn, poolFqdn, webInternalFqdn, webExternalFqdn, sipDomains);
        SharedStore shared = StoreOptions.shared(this, storeUrl, storeUser, storePasswordFile);
        InitService.Result result = InitService.init(
                dataDirectory(),
                new InitService.Options(
                        identity,
                        !noTrust,
                        force,
                        shared,
                        caKeyStore == null ? null : io.certwiz.keystore.KeyStoreChoice.parse(caKeyStore),
                        pkiUrl(pkiUrl)));
        print(result, () -> {
            out().println("Initialized certwiz in " + result.dataDirectory()
                    + (shared == null ? "" : " on the shared store " + shared.shownUrl()));
            Text.field(out(), "Server FQDN", identity.fqdn());
            Text.field(out(), "Pool FQDN", identity.poolFqdn());
            Text.field(out(), "Web internal FQDN", identity.webInternalFqdn());
            Text.field(out(), "Web external FQDN", identity.webExternalFqdn());
            Text.field(out(), "SIP domains", Text.list(identity.sipDomains()));
            Text.field(out(), "Embedded root CA", result.rootThumbprint());
            Text.field(out(), "Embedded issuing CA", result.intermediateThumbprint());
            Text.field(out(), "Embedded CA trusted", result.embeddedCaTrusted() ? "yes" : "no");
            Text.field(out(), "Embedded CA key store", result.caKeyStore());
            out().println(
                            "Admin token for the web wizard and the API (shown once; certwiz admin reset-token makes a new one):");
            out().println("  " + result.adminToken());
        });
        return 0;
    }

    /** A PKI URL: http:// and a host, no query; without a trailing slash. */
    static String pkiUrl(String text) {
        if (text == null) {
            return null;
        }
        String url = text.strip().replaceFirst("/+$", "");
        java.net.URI uri;
        try {
            uri = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            throw io.certwiz.CertwizException.badUsage("--pki-url takes an http:// URL, not '" + text + "'");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            throw io.certwiz.CertwizException.badUsage(
                    "--pki-url takes a plain http:// URL with a host (RFC 5280 clients fetch CRLs over plain HTTP),"
                            + " not '" + text + "'");
        }
        return url;
    }

    @Override
    int run(Certwiz certwiz) {
        throw new UnsupportedOperationException();
    }
}
