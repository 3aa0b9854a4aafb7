package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.CertwizException;
import io.certwiz.store.DataDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/** What every subcommand shares: the common options, the output, and opening the data directory. */
abstract class BaseCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Standard input and output as bytes; set by {@link Main} as it makes the command. */
    Stdio stdio;

    private boolean stdinRead;

    private PrintWriter out;
    private PrintWriter err;

    /** Standard output for text, its control characters escaped. */
    PrintWriter out() {
        if (out == null) {
            out = new TerminalWriter(spec.commandLine().getOut());
        }
        return out;
    }

    /** Standard error for text, its control characters escaped. */
    PrintWriter err() {
        if (err == null) {
            err = new TerminalWriter(spec.commandLine().getErr());
        }
        return err;
    }

    /** A file the command reads ({@code -}: standard input, once), bounded as {@link InputFiles} bounds it. */
    byte[] read(Path file, String what) {
        if (InputFiles.isStdin(file)) {
            if (stdinRead) {
                throw CertwizException.badUsage("only one input can be - (standard input)");
            }
            stdinRead = true;
        }
        return InputFiles.read(file, what, stdio.in());
    }

    /** The password in a password file (its first line), or null for no file. */
    char[] password(Path file) {
        return file == null ? null : Passwords.firstLine(read(file, "password file"));
    }

    /** The {@code --out} target, checked; {@code -} (standard output) does not go with --json. */
    OutputFiles.Target outFile(Path file) {
        if (file.toString().equals("-") && common.json) {
            throw CertwizException.badUsage(
                    "--out - writes the file to standard output, where --json prints its result: give a file name");
        }
        return OutputFiles.target(file, "--out");
    }

    /** Where a command says what it wrote: stderr when the file itself went to standard output. */
    PrintWriter report(OutputFiles.Target target) {
        return target.isStdout() ? err() : out();
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
            Output.json(spec.commandLine().getOut(), result);
        } else {
            text.run();
            out().flush();
        }
    }
}
