package io.certwiz.cli;

import io.certwiz.CertwizException;
import io.certwiz.Failure;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code certwiz} command line: a thin face over the service layer. */
@Command(
        name = "certwiz",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Certificate lifecycle manager for servers: request, import, verify and assign certificates.",
        subcommands = {
            InitCommand.class,
            JoinCommand.class,
            RequestCommand.class,
            RequestsCommand.class,
            CaCommand.class,
            ImportCommand.class,
            AssignCommand.class,
            RevokeCommand.class,
            UnassignCommand.class,
            UsagesCommand.class,
            UsageCommand.class,
            RenewCommand.class,
            RollbackCommand.class,
            ShowCommand.class,
            ListCommand.class,
            VerifyCommand.class,
            CheckCommand.class,
            BackupCommand.class,
            RestoreCommand.class,
            ExportCommand.class,
            RemoveCommand.class,
            AdminCommand.class,
            AuditCommand.class,
            ServeCommand.class,
            PolicyCommand.class,
            AcmeCommand.class,
            TokenCommand.class,
            AlertsCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:error (unreadable input, I/O, internal)",
            "2:bad usage (unknown option, usage, key type)",
            "3:a check refused it (untrusted chain, expired, EKU, names)",
            "4:not found (thumbprint, usage assignment, request, file)"
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        String training = System.getProperty("certwiz.training");
        if (training != null) {
            // Only the launcher sets this, to record its start-up cache (see StartupTraining).
            StartupTraining.run(java.nio.file.Path.of(training));
            System.exit(0);
        }
        int code;
        try {
            code = run(args, System.in, System.out, new PrintWriter(System.err, true));
        } catch (Throwable e) {
            // Last resort: one line, never a stack trace (CERTWIZ_DEBUG=1 shows it).
            System.err.println("certwiz: unexpected error: " + TerminalWriter.escape(String.valueOf(e)));
            if (System.getenv("CERTWIZ_DEBUG") != null) {
                e.printStackTrace();
            }
            code = Failure.ERROR.exitCode();
        }
        System.exit(code);
    }

    /**
     * Runs one command line and returns its exit code, with standard input and output as bytes (what
     * {@code -} reads and {@code --out -} writes); used by the tests as the real entry point.
     */
    public static int run(String[] args, InputStream in, OutputStream out, PrintWriter err) {
        PrintWriter text = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        try {
            return run(args, new Stdio(in, out, text), err);
        } finally {
            text.flush();
        }
    }

    /** Runs one command line with text output only: a file for {@code --out -} must be text (PEM). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, new Stdio(System.in, Stdio.textOnly(out), out), err);
    }

    private static int run(String[] args, Stdio stdio, PrintWriter err) {
        PrintWriter out = stdio.text();
        CommandLine commandLine = commandLine(args, stdio);
        addHelpOptions(commandLine);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(Main::handle);
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            // With --json a script gets the error object on stdout here too.
            if (Arrays.asList(arguments).contains("--json")) {
                Output.json(out, Output.error(CertwizException.badUsage(e.getMessage())));
            }
            err.println("certwiz: " + TerminalWriter.escape(e.getMessage()));
            err.println("Try 'certwiz "
                    + (e.getCommandLine().getCommandName().equals("certwiz")
                            ? ""
                            : e.getCommandLine().getCommandName() + " ")
                    + "--help'.");
            return Failure.BAD_USAGE.exitCode();
        });
        return commandLine.execute(args);
    }

    /**
     * The command line for these arguments. Picocli builds every subcommand's model by reflection, which
     * costs a one-shot command tens of milliseconds (BENCHMARKS.md): when the first argument names a
     * subcommand, only that one is built, under a root named like this one; anything else (no command,
     * an option, help, a typo to suggest a fix for) gets the whole tree.
     */
    static CommandLine commandLine(String[] args, Stdio stdio) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K made = CommandLine.defaultFactory().create(type);
                if (made instanceof BaseCommand command) {
                    command.stdio = stdio;
                }
                return made;
            }
        };
        if (args.length > 0) {
            for (Class<?> subcommand : Main.class.getAnnotation(Command.class).subcommands()) {
                Command command = subcommand.getAnnotation(Command.class);
                if (subcommand != CommandLine.HelpCommand.class
                        && command != null
                        && command.name().equals(args[0])
                        && command.aliases().length == 0) {
                    CommandLine root = new CommandLine(
                            CommandLine.Model.CommandSpec.create()
                                    .name(Main.class
                                            .getAnnotation(Command.class)
                                            .name()),
                            factory);
                    root.addSubcommand(subcommand);
                    return root;
                }
            }
        }
        return new CommandLine(new Main(), factory);
    }

    /** Every command and subcommand takes --help (and --version). */
    private static void addHelpOptions(CommandLine commandLine) {
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            if (!(sub.getCommand() instanceof CommandLine.HelpCommand)
                    && sub.getCommandSpec().optionsMap().get("--help") == null) {
                sub.getCommandSpec().mixinStandardHelpOptions(true);
            }
            addHelpOptions(sub);
        }
    }

    private static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        Object command = commandLine.getCommand();
        boolean json = command instanceof BaseCommand base && base.common.json;
        if (e instanceof CertwizException failure) {
            if (json) {
                Output.json(commandLine.getOut(), Output.error(failure));
            }
            err.println("certwiz: " + TerminalWriter.escape(failure.getMessage()));
            failure.problems().forEach(p -> err.println("  - " + TerminalWriter.escape(p.line())));
            return failure.failure().exitCode();
        }
        err.println("certwiz: unexpected error: " + TerminalWriter.escape(String.valueOf(e)));
        if (System.getenv("CERTWIZ_DEBUG") != null) {
            e.printStackTrace(err);
        }
        return Failure.ERROR.exitCode();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"certwiz " + (version == null ? "development" : version)};
        }
    }
}
