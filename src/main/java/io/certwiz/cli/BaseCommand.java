package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.DataDirectory;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/** What every subcommand shares: the common options, the output, and opening the data directory. */
abstract class BaseCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    DataDirectory dataDirectory() {
        return DataDirectory.resolve(common.data);
    }

    @Override
    public Integer call() {
        try (Certwiz certwiz = Certwiz.open(dataDirectory())) {
            return run(certwiz);
        }
    }

    abstract int run(Certwiz certwiz);

    /** Prints the result as JSON with --json, else as text. */
    void print(Object result, Runnable text) {
        if (common.json) {
            Output.json(out(), result);
        } else {
            text.run();
        }
    }
}
