package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.acme.server.EabService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "acme",
        description = "The embedded CA's ACME server (served at /acme/directory by certwiz serve).",
        subcommands = AcmeCommand.Eab.class)
final class AcmeCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "eab",
            description = "External account binding keys for new ACME accounts.",
            subcommands = {Eab.Add.class, Eab.ListKeys.class, Eab.Remove.class, Eab.Require.class})
    static final class Eab implements Runnable {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }

        static EabService service(Certwiz certwiz) {
            return new EabService(certwiz.acmeServerStorage(), certwiz.data(), certwiz.clock(), certwiz.actor());
        }

        @Command(name = "add", description = "Make a key; its HMAC key is shown once.")
        static final class Add extends BaseCommand {
            @Parameters(paramLabel = "KID")
            String kid;

            @Override
            int run(Certwiz certwiz) {
                EabService.Created created = service(certwiz).add(kid);
                print(created, () -> {
                    out().println("External account binding key (the HMAC key is shown once):");
                    out().println("  key id:   " + created.kid());
                    out().println("  HMAC key: " + created.hmacKey());
                });
                return 0;
            }
        }

        @Command(name = "list", description = "The keys and the accounts they bound (never the HMAC keys).")
        static final class ListKeys extends BaseCommand {
            @Override
            int run(Certwiz certwiz) {
                EabService.Settings settings = service(certwiz).list();
                print(settings, () -> {
                    out().println("External account binding " + (settings.required() ? "required" : "optional")
                            + " for new accounts.");
                    for (EabService.View key : settings.keys()) {
                        out().println("  " + key.kid() + "  made " + key.createdAt() + "  "
                                + (key.boundAccount() == null ? "unused" : "bound to account " + key.boundAccount()));
                    }
                });
                return 0;
            }
        }

        @Command(name = "remove", description = "Remove a key.")
        static final class Remove extends BaseCommand {
            @Parameters(paramLabel = "KID")
            String kid;

            @Override
            int run(Certwiz certwiz) {
                service(certwiz).remove(kid);
                print(java.util.Map.of("removed", kid), () -> out().println("Removed the EAB key " + kid + "."));
                return 0;
            }
        }

        @Command(name = "require", description = "Whether new accounts must bring an external account binding.")
        static final class Require extends BaseCommand {
            @Parameters(paramLabel = "true|false")
            boolean required;

            @Override
            int run(Certwiz certwiz) {
                EabService.Settings settings = service(certwiz).require(required);
                print(
                        settings,
                        () -> out().println("External account binding is now "
                                + (settings.required() ? "required" : "optional") + " for new accounts."));
                return 0;
            }
        }
    }
}
