package io.certwiz.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run behind the launcher's start-up cache (the JDK's AOT cache, or a CDS archive on JDK 21
 * to 24): runs the common commands once, in one JVM, on a throw-away store in {@code directory}, so that
 * the classes they load (picocli, SQLite, BouncyCastle, the PKIX validator, Jackson) and, on JDK 25, the
 * profiles of their hot methods are recorded. Only the launcher starts it, with
 * {@code -Dcertwiz.training=DIR}, after {@code certwiz init --data DIR/data} in a JVM of its own: what only
 * {@code init} loads (Flyway above all) then stays out of the cache, so a command on a current store loads
 * no Flyway class. Its output is discarded; the launcher removes the directory afterwards (this class never
 * deletes anything).
 */
final class StartupTraining {
    private StartupTraining() {}

    static void run(Path directory) {
        Path data = directory.resolve("data");
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        List<List<String>> commands = List.of(
                List.of("--version"),
                List.of("request", "--usage", "WebServicesInternal", "--key", "rsa-2048"),
                List.of("request", "--usage", "Default", "--key", "ec-p256", "--json"),
                List.of("request", "--usage", "WebServicesExternal", "--key", "rsa-2048", "--no-assign"),
                List.of(
                        "request",
                        "--usage",
                        "Default",
                        "--offline",
                        "--out",
                        directory.resolve("req.pem").toString()),
                List.of("requests"),
                List.of("usages"),
                List.of("usages", "--json"),
                List.of("list"),
                List.of("list", "--json"),
                List.of("show", "WebServicesInternal"),
                List.of("show", "Default", "--json"),
                List.of("verify", "WebServicesInternal"),
                List.of("verify", "Default", "--json"),
                List.of(
                        "export",
                        "WebServicesInternal",
                        "--out",
                        directory.resolve("cert.pem").toString()),
                List.of("import", directory.resolve("cert.pem").toString()),
                List.of("request", "--usage", "nonsense"));
        if (!Files.exists(data.resolve("certwiz.db"))) {
            Main.run(new String[] {"init", "--data", data.toString(), "--fqdn", "training.example.com"}, sink, sink);
        }
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            if (!command.getFirst().startsWith("-")) {
                args.addAll(List.of("--data", data.toString()));
            }
            try {
                Main.run(args.toArray(String[]::new), sink, sink);
            } catch (RuntimeException e) {
                // A command that fails here only trains less; the cache is still usable.
            }
        }
    }
}
