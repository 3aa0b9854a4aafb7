package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.acme.server.PolicyService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "policy",
        description = "The names the embedded CA issues certificates for over ACME, with their lifetime and key types.",
        subcommands = {
            PolicyCommand.ListPolicy.class,
            PolicyCommand.Allow.class,
            PolicyCommand.Deny.class,
            PolicyCommand.Remove.class,
            PolicyCommand.Set.class
        })
final class PolicyCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static PolicyService service(Certwiz certwiz) {
        return new PolicyService(certwiz.acmeServerStorage(), certwiz.clock(), certwiz.actor());
    }

    static void text(java.io.PrintWriter out, PolicyService.View view) {
        boolean defaults = view.names().stream().anyMatch(line -> line.source().equals("default"));
        out.println("Names the embedded CA issues for over ACME"
                + (defaults ? " (the defaults: the server identity's names and domains)" : "") + ":");
        if (view.names().isEmpty()) {
            out.println("  (none: every order is refused)");
        }
        for (PolicyService.Line line : view.names()) {
            out.printf("  %-5s  %s%n", line.action(), line.pattern());
        }
        out.println("A name is issued when an allow line matches it and no deny line does; .example.com matches"
                + " every name under example.com.");
        out.println("Lifetime:   " + view.lifetimeDays() + " days");
        out.println("Key types:  " + String.join(", ", view.keyTypes()));
        out.println("clientAuth: " + (view.clientAuth() ? "yes (serverAuth and clientAuth)" : "no (serverAuth only)"));
        out.flush();
    }

    @Command(name = "list", description = "Show the issuance policy.")
    static final class ListPolicy extends BaseCommand {
        @Override
        int run(Certwiz certwiz) {
            PolicyService.View view = service(certwiz).list();
            print(view, () -> text(out(), view));
            return 0;
        }
    }

    @Command(
            name = "allow",
            description = "Allow a name, or with a leading dot every name under a domain (.example.com).")
    static final class Allow extends BaseCommand {
        @Parameters(paramLabel = "NAME|.SUFFIX")
        String pattern;

        @Override
        int run(Certwiz certwiz) {
            PolicyService.View view = service(certwiz).allow(pattern);
            print(view, () -> text(out(), view));
            return 0;
        }
    }

    @Command(
            name = "deny",
            description = "Deny a name, or with a leading dot every name under a domain; deny wins over allow.")
    static final class Deny extends BaseCommand {
        @Parameters(paramLabel = "NAME|.SUFFIX")
        String pattern;

        @Override
        int run(Certwiz certwiz) {
            PolicyService.View view = service(certwiz).deny(pattern);
            print(view, () -> text(out(), view));
            return 0;
        }
    }

    @Command(name = "remove", description = "Remove an allow or deny line.")
    static final class Remove extends BaseCommand {
        @Parameters(paramLabel = "NAME|.SUFFIX")
        String pattern;

        @Override
        int run(Certwiz certwiz) {
            PolicyService.View view = service(certwiz).remove(pattern);
            print(view, () -> text(out(), view));
            return 0;
        }
    }

    @Command(
            name = "set",
            description = "Set the lifetime, the key types or clientAuth of certificates issued over ACME.")
    static final class Set extends BaseCommand {
        @Option(names = "--lifetime-days", paramLabel = "DAYS", description = "Validity of issued certificates.")
        Integer lifetimeDays;

        @Option(
                names = "--key-types",
                paramLabel = "TYPES",
                description = "Comma-separated: rsa-2048, rsa-3072, rsa-4096, ec-p256, ec-p384.")
        String keyTypes;

        @Option(
                names = "--client-auth",
                arity = "1",
                paramLabel = "true|false",
                description = "Add the clientAuth EKU.")
        Boolean clientAuth;

        @Override
        int run(Certwiz certwiz) {
            PolicyService.View view = service(certwiz).set(lifetimeDays, keyTypes, clientAuth);
            print(view, () -> text(out(), view));
            return 0;
        }
    }
}
