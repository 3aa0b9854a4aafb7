package io.certwiz.crash;

import io.certwiz.server.support.CliProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The processes the crash test starts and kills: the workload, {@code certwiz} commands and {@code certwiz
 * serve}. certwiz runs from the shaded jar that {@code package} built when it is there (as an
 * administrator runs it), else from the test class path; output goes to a log file per process.
 */
final class CrashProcesses {
    private final Path logs;
    private final Path jar;
    private int started;

    CrashProcesses(Path logs) {
        this.logs = logs;
        Path testClasses;
        try {
            testClasses = Path.of(CrashProcesses.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path shaded = testClasses.resolveSibling("certwiz.jar");
        this.jar = Files.isRegularFile(shaded) ? shaded : null;
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String certwizFrom() {
        return jar == null ? "the test class path" : jar.toString();
    }

    /** A started process and where its output goes (standard error to {@code log}.err). */
    record Running(Process process, Path log, String name) {
        boolean alive() {
            return process.isAlive();
        }

        /** SIGKILL; true when it was still running. */
        boolean kill() {
            boolean alive = process.isAlive();
            process.destroyForcibly();
            waitFor();
            return alive;
        }

        int waitFor() {
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor();
                }
                return process.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Standard output. */
        String output() {
            return read(log);
        }

        /** Both streams, for a failure message. */
        String describe() {
            return name + " (" + log.getFileName() + "):\n" + output() + read(errors(log));
        }

        private static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                return "(no output: " + e.getMessage() + ")";
            }
        }
    }

    private static Path errors(Path log) {
        return log.resolveSibling(log.getFileName() + ".err");
    }

    Running workload(String... args) {
        return start("workload", CliProcess.javaCommand(prepend(CrashWorkload.class.getName(), args)));
    }

    /** {@code certwiz ARGS...}. */
    Running certwiz(String name, String... args) {
        List<String> command;
        if (jar == null) {
            command = CliProcess.javaCommand(prepend("io.certwiz.cli.Main", args));
        } else {
            command = new ArrayList<>(CliProcess.javaCommand());
            int classPath = command.indexOf("-cp");
            command.subList(classPath, classPath + 2).clear();
            command.add("-jar");
            command.add(jar.toString());
            command.addAll(Arrays.asList(args));
        }
        return start(name, command);
    }

    private Running start(String name, List<String> command) {
        Path log = logs.resolve(String.format("%03d-%s.log", ++started, name));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(log.toFile())
                    .redirectError(errors(log).toFile())
                    .start();
            process.getOutputStream().close();
            return new Running(process, log, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
