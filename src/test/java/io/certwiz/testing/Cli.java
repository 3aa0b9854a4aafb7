package io.certwiz.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certwiz.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs certwiz commands through the real entry point, {@link Main#run}, against one data directory,
 * capturing stdout, stderr and the exit code.
 */
public final class Cli {
    public static final String FQDN = "srv.example.com";
    public static final String POOL = "pool.example.com";
    public static final String WEB_INTERNAL = "int.example.com";
    public static final String WEB_EXTERNAL = "www.example.com";
    public static final String SIP_DOMAIN = "example.com";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path data;

    public Cli(Path data) {
        this.data = data;
    }

    /** A certwiz whose data directory is {@code data} under the temporary directory. */
    public static Cli in(Path tempDir) {
        return new Cli(tempDir.resolve("data"));
    }

    public Path data() {
        return data;
    }

    public Path database() {
        return data.resolve("certwiz.db");
    }

    /** What one command did; {@code stdout} is standard output as bytes, {@code out} as text. */
    public record Result(List<String> args, int exitCode, String out, String err, byte[] stdout) {
        public JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON on stdout of " + args + ":\n" + out + "\nstderr:\n" + err, e);
            }
        }

        /** The exit code is 0, else fails showing both streams. */
        public Result ok() {
            return exit(0);
        }

        public Result exit(int expected) {
            assertThat(exitCode)
                    .as("exit code of certwiz %s%nstdout:%n%s%nstderr:%n%s", args, out, err)
                    .isEqualTo(expected);
            return this;
        }

        /**
         * A failure reported the way every failure must be: the exit code, a first stderr line
         * {@code certwiz: ...}, no stack trace and no exception class names.
         */
        public Result fails(int expected) {
            exit(expected);
            assertThat(err).as("stderr of certwiz %s", args).startsWith("certwiz: ");
            assertThat(err)
                    .as("stderr of certwiz %s", args)
                    .doesNotContain("\tat ")
                    .doesNotContain("Exception");
            return this;
        }

        /** As {@link #fails} with exactly one line on stderr. */
        public Result failsWithOneLine(int expected) {
            fails(expected);
            assertThat(err.strip().lines().toList())
                    .as("stderr of certwiz %s", args)
                    .hasSize(1);
            return this;
        }

        public String errLine() {
            return err.strip();
        }
    }

    /** Runs {@code certwiz SUBCOMMAND --data DIR ARGS...}. */
    public Result run(String subcommand, String... args) {
        return runWithInput(new byte[0], subcommand, args);
    }

    /** As {@link #run}, with {@code input} on standard input. */
    public Result runWithInput(byte[] input, String subcommand, String... args) {
        List<String> full = new ArrayList<>();
        full.add(subcommand);
        full.add("--data");
        full.add(data.toString());
        full.addAll(Arrays.asList(args));
        return runRaw(input, full.toArray(String[]::new));
    }

    /** Runs a command line as it is, without adding {@code --data}. */
    public static Result runRaw(String... args) {
        return runRaw(new byte[0], args);
    }

    private static Result runRaw(byte[] input, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter e = new PrintWriter(err)) {
            code = Main.run(args, new ByteArrayInputStream(input), out, e);
        }
        byte[] stdout = out.toByteArray();
        return new Result(List.of(args), code, new String(stdout, StandardCharsets.UTF_8), err.toString(), stdout);
    }

    /** {@code init} with every identity field set to distinct names. */
    public Result init(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--fqdn",
                FQDN,
                "--pool-fqdn",
                POOL,
                "--web-internal-fqdn",
                WEB_INTERNAL,
                "--web-external-fqdn",
                WEB_EXTERNAL,
                "--sip-domain",
                SIP_DOMAIN));
        args.addAll(Arrays.asList(extra));
        return run("init", args.toArray(String[]::new)).ok();
    }

    /** An online request with an EC P-256 key; returns its thumbprint. */
    public String request(String usages, String... extra) {
        List<String> args = new ArrayList<>(List.of("--usage", usages, "--key", "ec-p256", "--json"));
        args.addAll(Arrays.asList(extra));
        Result result = run("request", args.toArray(String[]::new)).ok();
        JsonNode json = result.json();
        assertThat(json.path("certificate").path("thumbprint").asText())
                .as("thumbprint in %s", result.out())
                .matches("[0-9A-F]{40}");
        return json.path("certificate").path("thumbprint").asText();
    }

    /** Everything a failed command must leave as it was: the stores, the usages and pending requests. */
    public String snapshot() {
        return run("list", "--json").ok().out()
                + run("usages", "--json").ok().out()
                + run("requests", "--json").ok().out();
    }

    /** The thumbprints in one store, from {@code list --json}. */
    public List<String> thumbprints(String store) {
        List<String> out = new ArrayList<>();
        run("list", "--store", store, "--json")
                .ok()
                .json()
                .forEach(c -> out.add(c.path("thumbprint").asText()));
        return out;
    }

    public static Path writeString(Path file, String text) {
        try {
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
