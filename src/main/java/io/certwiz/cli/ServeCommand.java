package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.CertwizException;
import io.certwiz.InitService;
import io.certwiz.server.CertwizServer;
import io.certwiz.server.ServeOptions;
import io.certwiz.store.DataDirectory;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.Usage;
import io.certwiz.x509.SubjectAltName;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", description = "Run the TLS listeners, the web wizard and the REST API.")
final class ServeCommand extends BaseCommand {
    @Option(
            names = "--bind",
            paramLabel = "ADDR",
            defaultValue = "127.0.0.1",
            description = "The address every listener binds to; 0.0.0.0 for all (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(
            names = "--port-default",
            paramLabel = "P",
            defaultValue = "5061",
            description = "Default usage, mutual TLS (default: ${DEFAULT-VALUE}).")
    int portDefault;

    @Option(
            names = "--port-web-internal",
            paramLabel = "P",
            defaultValue = "8443",
            description = "WebServicesInternal: the wizard and the REST API (default: ${DEFAULT-VALUE}).")
    int portWebInternal;

    @Option(
            names = "--port-web-external",
            paramLabel = "P",
            defaultValue = "4443",
            description = "WebServicesExternal: CA certificates, CRL, ACME (default: ${DEFAULT-VALUE}).")
    int portWebExternal;

    @Option(
            names = "--port-http",
            paramLabel = "P|off",
            defaultValue = "8080",
            description = "Plain HTTP: ACME http-01 answers for certwiz's own requests, a redirect to the public"
                    + " listener for the rest; 'off' for none (default: 8080).")
    String portHttp;

    @Option(
            names = "--acme-hosts",
            paramLabel = "FILE",
            description = "ACME server: resolve order names for validation with this hosts-format file instead of DNS.")
    java.nio.file.Path acmeHosts;

    @Option(
            names = "--acme-http-port",
            paramLabel = "P",
            defaultValue = "80",
            description = "ACME server: the port http-01 challenges are validated on (default: 80).")
    int acmeHttpPort;

    @Option(
            names = "--acme-tls-port",
            paramLabel = "P",
            defaultValue = "443",
            description = "ACME server: the port tls-alpn-01 challenges are validated on (default: 443).")
    int acmeTlsPort;

    @Option(
            names = "--renew-check-interval",
            paramLabel = "DURATION|off",
            defaultValue = "10m",
            description = "How often the renewal scheduler looks for certificates due (default: 10m; such as 30s,"
                    + " 5m, 1h); 'off' for none (then renew from cron: certwiz renew --all).")
    String renewCheckInterval;

    @Override
    public Integer call() {
        if (acmeHosts != null) {
            InputFiles.check(acmeHosts, "ACME hosts file");
        }
        DataDirectory data = dataDirectory();
        if (!data.hasStore()) {
            String host = hostName();
            out().println("No certwiz store in " + data.path() + ": running init with this machine's host name "
                    + host);
            InitService.Result result = InitService.init(
                    data, new InitService.Options(ServerIdentity.of(host, null, null, null, List.of()), true, false));
            out().println(
                            "Admin token for the web wizard and the API (shown once; certwiz admin reset-token makes a new one):");
            out().println("  " + result.adminToken());
        }
        return super.call();
    }

    /** What serve prints once it listens: every URL it names answers. */
    static List<String> banner(String bind, CertwizServer server) {
        String external = "https://" + bind + ":" + server.port(Usage.WebServicesExternal);
        List<String> lines = new java.util.ArrayList<>(List.of(
                "certwiz serving on " + bind + ":",
                "  Default (mutual TLS):         https://" + bind + ":" + server.port(Usage.Default) + "/health",
                "  Web wizard and REST API:      https://" + bind + ":" + server.port(Usage.WebServicesInternal) + "/",
                "  Public CA certificates:       " + external + "/pki/ca/root.crt",
                "                                " + external + "/pki/ca/intermediate.crt",
                "  Public CRL:                   " + external + "/pki/crl/intermediate.crl",
                "  ACME directory:               " + external + "/acme/directory"));
        if (server.httpPort() > 0) {
            lines.add("  Plain HTTP (ACME http-01):    http://" + bind + ":" + server.httpPort()
                    + "/ (a redirect to the public listener, except /.well-known/acme-challenge/)");
        }
        return lines;
    }

    @Override
    int run(Certwiz certwiz) {
        CertwizServer server = CertwizServer.start(
                certwiz,
                new ServeOptions(
                                bind,
                                portDefault,
                                portWebInternal,
                                portWebExternal,
                                acmeHosts,
                                acmeHttpPort,
                                acmeTlsPort)
                        .withHttpPort(httpPort())
                        .withRenewCheckInterval(renewCheckInterval()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "certwiz-shutdown"));
        banner(bind, server).forEach(out()::println);
        out().println("  Renewal check:                "
                + (renewCheckInterval() == null ? "off" : "every " + renewCheckInterval));
        out().flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private java.time.Duration renewCheckInterval() {
        if (renewCheckInterval.strip().equalsIgnoreCase("off")) {
            return null;
        }
        java.time.Duration interval = io.certwiz.DurationText.parse(renewCheckInterval, "--renew-check-interval");
        if (interval.compareTo(io.certwiz.renewal.RenewalScheduler.SHORTEST_INTERVAL) < 0) {
            throw CertwizException.badUsage("--renew-check-interval must be at least 1s");
        }
        return interval;
    }

    private int httpPort() {
        if (portHttp.strip().equalsIgnoreCase("off")) {
            return ServeOptions.OFF;
        }
        try {
            int port = Integer.parseInt(portHttp.strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // Below.
        }
        throw CertwizException.badUsage("--port-http takes a port (0-65535) or 'off', not '" + portHttp + "'");
    }

    /** This machine's name as a host name: the canonical one, else its own name, else localhost. */
    private static String hostName() {
        try {
            InetAddress local = InetAddress.getLocalHost();
            for (String name : List.of(local.getCanonicalHostName(), local.getHostName())) {
                String qualified = name.contains(".") ? name : name + ".localdomain";
                try {
                    return SubjectAltName.hostName(qualified).value();
                } catch (CertwizException notAHostName) {
                    // an IP address when the reverse lookup failed, or a name DNS does not allow
                }
            }
        } catch (UnknownHostException e) {
            // no name at all
        }
        return "localhost.localdomain";
    }
}
