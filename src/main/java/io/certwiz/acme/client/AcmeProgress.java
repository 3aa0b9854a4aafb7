package io.certwiz.acme.client;

import java.io.PrintStream;
import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Where an ACME request reports what it is waiting for: a progress bar on a terminal, one status line
 * per step otherwise, or nowhere.
 */
public interface AcmeProgress {
    /** A new task of {@code steps} steps begins. */
    void begin(String task, int steps);

    /** One step is done. */
    void step(String message);

    /** What it is doing or waiting for now, without finishing a step. */
    void note(String message);

    /** The task ended, done or not. */
    void end();

    static AcmeProgress silent() {
        return new AcmeProgress() {
            @Override
            public void begin(String task, int steps) {}

            @Override
            public void step(String message) {}

            @Override
            public void note(String message) {}

            @Override
            public void end() {}
        };
    }

    /** One line per step and per note, for logs and pipes. */
    static AcmeProgress lines(PrintWriter out) {
        return new AcmeProgress() {
            private int steps;
            private int done;

            @Override
            public void begin(String task, int steps) {
                this.steps = steps;
                this.done = 0;
                out.println("acme: " + task);
                out.flush();
            }

            @Override
            public void step(String message) {
                done++;
                out.println("acme: [" + Math.min(done, steps) + "/" + steps + "] " + message);
                out.flush();
            }

            @Override
            public void note(String message) {
                out.println("acme: " + message);
                out.flush();
            }

            @Override
            public void end() {
                out.flush();
            }
        };
    }

    /** A progress bar redrawn in place, for a person at a terminal. */
    static AcmeProgress bar(PrintStream terminal) {
        return new AcmeProgress() {
            private ProgressBar bar;

            @Override
            public void begin(String task, int steps) {
                end();
                bar = new ProgressBarBuilder()
                        .setTaskName(task)
                        .setInitialMax(steps)
                        .setUpdateIntervalMillis(250)
                        .continuousUpdate()
                        .hideEta()
                        .setConsumer(new ConsoleProgressBarConsumer(terminal))
                        .build();
            }

            @Override
            public void step(String message) {
                if (bar != null) {
                    bar.step();
                    bar.setExtraMessage(message);
                }
            }

            @Override
            public void note(String message) {
                if (bar != null) {
                    bar.setExtraMessage(message);
                }
            }

            @Override
            public void end() {
                if (bar != null) {
                    bar.close();
                    bar = null;
                }
            }
        };
    }

    /** A bar when this process runs on a terminal, else status lines on {@code lines}. */
    static AcmeProgress forConsole(PrintWriter lines) {
        return onTerminal() ? bar(System.err) : lines(lines);
    }

    private static boolean onTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Java 22+ returns a console even when redirected; it then says whether it is a terminal.
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
