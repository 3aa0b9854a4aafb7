package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.acme.client.AcmeClient;
import io.certwiz.acme.client.CaView;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "ca",
        description = "The CAs certwiz requests from: the embedded CA and ACME CAs.",
        subcommands = {CaCommand.Add.class, CaCommand.ListCas.class, CaCommand.Remove.class})
final class CaCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** {@code certwiz ca --data DIR add ...} works as well as {@code certwiz ca add --data DIR ...}. */
    @Mixin
    CommonOptions common;

    /** A subcommand of {@code ca}, taking the common options given before its name too. */
    abstract static class Sub extends BaseCommand {
        abstract CaCommand parent();

        @Override
        public Integer call() {
            if (common.data == null) {
                common.data = parent().common.data;
            }
            common.json |= parent().common.json;
            return super.call();
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static void show(java.io.PrintWriter out, CaView ca) {
        out.println(ca.name() + " (" + ca.type() + ")");
        if (ca.directoryUrl() != null) {
            Text.field(out, "Directory", ca.directoryUrl());
            Text.field(out, "Account", ca.accountUrl());
            Text.field(out, "Contacts", Text.list(ca.contacts()));
            if (ca.profile() != null) {
                Text.field(out, "Profile", ca.profile());
            }
            if (ca.eabKid() != null) {
                Text.field(out, "EAB key id", ca.eabKid());
            }
            if (ca.caBundle() != null) {
                Text.field(out, "HTTPS trusted by", Text.list(ca.caBundle()));
            }
            if (ca.termsOfService() != null) {
                Text.field(out, "Terms of service", ca.termsOfService() + " (agreed)");
            }
            Text.field(out, "Added", ca.addedAt());
        }
    }

    @Command(
            name = "add",
            description = "Register an account at an ACME CA (agreeing to its terms) and add it as a CA.")
    static final class Add extends Sub {
        @ParentCommand
        CaCommand parent;

        @Override
        CaCommand parent() {
            return parent;
        }

        @Parameters(paramLabel = "NAME", description = "The name to pick it by with request --ca NAME.")
        String name;

        @Option(
                names = "--acme",
                required = true,
                paramLabel = "DIRECTORY-URL",
                description = "The CA's ACME directory URL. Registering agrees to the terms of service the CA names"
                        + " there (ca add prints their URL).")
        String directory;

        @Option(
                names = "--ca-bundle",
                paramLabel = "FILE",
                description = "PEM certificates to trust for the ACME server's own HTTPS (only for that connection).")
        Path caBundle;

        @Option(names = "--contact", paramLabel = "mailto:ADDRESS", description = "Account contact (repeatable).")
        List<String> contacts = new ArrayList<>();

        @Option(names = "--eab-kid", paramLabel = "K", description = "External account binding key id.")
        String eabKid;

        @Option(
                names = "--eab-hmac-file",
                paramLabel = "F",
                description = "File with the EAB MAC key (base64url), first line.")
        Path eabHmacFile;

        @Option(names = "--profile", paramLabel = "P", description = "The CA's certificate profile to order.")
        String profile;

        @Override
        int run(Certwiz certwiz) {
            if (caBundle != null) {
                InputFiles.check(caBundle, "CA bundle");
            }
            if (eabHmacFile != null) {
                InputFiles.check(eabHmacFile, "EAB MAC key file");
            }
            CaView added = certwiz.acme()
                    .add(new AcmeClient.AddSpec(name, directory, caBundle, contacts, eabKid, eabHmacFile, profile));
            print(added, () -> {
                out().println("Registered an account and added the ACME CA " + added.name() + ".");
                out().println(
                                added.termsOfService() == null
                                        ? "The CA publishes no terms of service to agree to."
                                        : "By registering, certwiz agreed for you to the CA's terms of service: "
                                                + added.termsOfService());
                show(out(), added);
                out().println("Request from it with: certwiz request --ca " + added.name() + " --usage USAGE");
            });
            return 0;
        }
    }

    @Command(name = "list", description = "List the CAs.")
    static final class ListCas extends Sub {
        @ParentCommand
        CaCommand parent;

        @Override
        CaCommand parent() {
            return parent;
        }

        @Override
        int run(Certwiz certwiz) {
            List<CaView> cas = certwiz.acme().list();
            print(cas, () -> cas.forEach(ca -> show(out(), ca)));
            return 0;
        }
    }

    @Command(
            name = "remove",
            description = "Deactivate the account at an ACME CA, then forget the CA and its account key. If the CA"
                    + " cannot be reached or refuses, nothing is removed (exit code 3).")
    static final class Remove extends Sub {
        @ParentCommand
        CaCommand parent;

        @Override
        CaCommand parent() {
            return parent;
        }

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(
                names = "--keep-account",
                description = "Do not contact the CA: forget it here only; the account stays active at the CA.")
        boolean keepAccount;

        @Override
        int run(Certwiz certwiz) {
            CaView removed = certwiz.acme().remove(name, keepAccount);
            String text = Boolean.TRUE.equals(removed.deactivated())
                    ? "Deactivated the account at the CA " + removed.name() + " and removed the CA."
                    : "Removed the CA " + removed.name() + "; its account stays active at the CA.";
            print(removed, () -> out().println(text));
            return 0;
        }
    }
}
