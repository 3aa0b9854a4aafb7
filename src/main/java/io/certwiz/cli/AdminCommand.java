package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.MasterKeyRotation;
import picocli.CommandLine.Command;

@Command(
        name = "admin",
        description = "Administrator credential.",
        subcommands = {AdminCommand.ResetToken.class, AdminCommand.RotateMasterKey.class})
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

    @Command(
            name = "rotate-master-key",
            description = "Re-seal every key under a new master key, in one transaction; the old key stops opening"
                    + " anything. On a pool, copy the new master.key to every other server; restart certwiz serve.")
    static final class RotateMasterKey extends BaseCommand {
        @Override
        int run(Certwiz certwiz) {
            MasterKeyRotation.Result result = MasterKeyRotation.rotate(certwiz);
            print(result, () -> {
                out().println("Master key rotated: " + result.privateKeys() + " private keys and " + result.eabKeys()
                        + " EAB keys re-sealed; " + result.masterKeyFile() + " replaced.");
                out().println("The old master key no longer opens anything here: restart a running certwiz serve.");
                if (result.pool()) {
                    out().println("This store is a pool's: copy " + result.masterKeyFile()
                            + " to every other server of the pool (its master.key, 0600).");
                }
            });
            return 0;
        }
    }
}
