package io.certwiz.cli;

import io.certwiz.Certwiz;
import picocli.CommandLine.Command;

@Command(name = "admin", description = "Administrator credential.", subcommands = AdminCommand.ResetToken.class)
final class AdminCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "reset-token", description = "Make a new admin token (the old one stops working); shown once.")
    static final class ResetToken extends BaseCommand {
        record Result(String adminToken) {}

        @Override
        int run(Certwiz certwiz) {
            String token = certwiz.admin().reset(certwiz.actor());
            print(new Result(token), () -> {
                out().println("New admin token (shown once):");
                out().println("  " + token);
            });
            return 0;
        }
    }
}
