package io.certwiz.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command takes. */
public final class CommonOptions {
    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Data directory (default: $CERTWIZ_HOME, else ~/.certwiz).")
    Path data;

    @Option(names = "--json", description = "Print the result as JSON (schema: docs/json.md).")
    boolean json;
}
