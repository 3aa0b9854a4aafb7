package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.alert.AlertThresholds;
import io.certwiz.alert.AlertsView;
import io.certwiz.alert.Channels;
import io.certwiz.alert.EmailSender;
import io.certwiz.alert.Evaluation;
import io.certwiz.alert.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "alerts",
        description = "Expiry and renewal alerts: the open ones, and the webhooks and email they go to.",
        subcommands = {
            AlertsCommand.ListAlerts.class,
            AlertsCommand.Test.class,
            AlertsCommand.AddWebhook.class,
            AlertsCommand.AddEmail.class,
            AlertsCommand.Remove.class,
            AlertsCommand.Configure.class,
            AlertsCommand.Check.class
        })
final class AlertsCommand extends GroupCommand {
    static Severity severity(String text) {
        return text == null ? null : Severity.parse(text);
    }

    static void channel(java.io.PrintWriter out, AlertsView.Channel c) {
        out.printf(
                "  %-16s %-8s %s (from %s)%s%n",
                c.name(), c.kind(), c.target(), c.minSeverity(), c.smtp() == null ? "" : " via " + c.smtp());
    }

    @Command(name = "list", description = "The open alerts, the channels and the thresholds.")
    static final class ListAlerts extends Sub {
        @Override
        int run(Certwiz certwiz) {
            AlertsView view = certwiz.alerts().list();
            print(view, () -> {
                if (view.alerts().isEmpty()) {
                    out().println("No open alerts.");
                }
                for (AlertsView.Open a : view.alerts()) {
                    out().printf(
                                    "%-8s %-15s %s%s%n",
                                    a.severity(), a.kind(), a.message(), a.firing() ? "" : " (pending)");
                }
                out().println("Channels:" + (view.channels().isEmpty() ? " (none)" : ""));
                view.channels().forEach(c -> channel(out(), c));
                AlertsView.Thresholds t = view.thresholds();
                out().printf(
                                "Thresholds: warning at %.0f%% of the lifetime left, critical at %.0f%% or %d days;"
                                        + " repeated every %s%n",
                                t.warningShare() * 100,
                                t.criticalShare() * 100,
                                t.criticalDays(),
                                Duration.parse(t.repeat())
                                        .toString()
                                        .substring(2)
                                        .toLowerCase());
            });
            return 0;
        }
    }

    @Command(name = "test", description = "Send a test alert to one channel, or to every channel.")
    static final class Test extends Sub {
        @Parameters(paramLabel = "NAME", arity = "0..1")
        String name;

        @Override
        int run(Certwiz certwiz) {
            List<String> sent = certwiz.alerts().test(name);
            print(Map.of("sent", sent), () -> sent.forEach(n -> out().println("Sent a test alert to " + n)));
            return 0;
        }
    }

    @Command(
            name = "check",
            description = "Evaluate the alerts now and send what is due (certwiz serve does this every minute).")
    static final class Check extends Sub {
        @Override
        int run(Certwiz certwiz) {
            certwiz.assignments().completeDueRolls();
            Evaluation done = certwiz.alerts().evaluate(null);
            print(done, () -> {
                out().println(done.open() + " open; " + done.notifications().size() + " sent");
                done.failures().forEach(f -> err().println("certwiz: " + f));
            });
            return done.failures().isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "add-webhook", description = "Send alerts as signed JSON POSTs (HMAC-SHA256, X-Certwiz-Signature).")
    static final class AddWebhook extends Sub {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--url", required = true, paramLabel = "URL")
        String url;

        @Option(
                names = "--secret-file",
                paramLabel = "FILE",
                description = "The HMAC key (first line); default: a new one, printed once.")
        Path secretFile;

        @Option(names = "--min-severity", paramLabel = "S", description = "info, warning (default) or critical.")
        String minSeverity;

        @Override
        int run(Certwiz certwiz) {
            String secret = secretFile == null ? null : new String(password(secretFile));
            Channels.AddedWebhook added =
                    certwiz.alerts().channels().addWebhook(name, url, secret, severity(minSeverity));
            print(added, () -> {
                out().println("Added webhook " + added.channel().name() + " -> "
                        + added.channel().target());
                if (added.hmacKey() != null) {
                    out().println("HMAC key (shown once; the receiver checks X-Certwiz-Signature with it):");
                    out().println("  " + added.hmacKey());
                }
            });
            return 0;
        }
    }

    @Command(name = "add-email", description = "Send alerts by email over SMTP (STARTTLS, AUTH).")
    static final class AddEmail extends Sub {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--to", required = true, split = ",", paramLabel = "ADDR")
        List<String> to;

        @Option(names = "--from", required = true, paramLabel = "ADDR")
        String from;

        @Option(names = "--smtp-host", required = true, paramLabel = "HOST")
        String host;

        @Option(names = "--smtp-port", paramLabel = "P", defaultValue = "587")
        int port;

        @Option(
                names = "--smtp-security",
                paramLabel = "MODE",
                defaultValue = "starttls",
                description = "starttls (default, required), tls (implicit, port 465) or none (a relay on this host).")
        String security;

        @Option(names = "--smtp-user", paramLabel = "USER")
        String user;

        @Option(names = "--smtp-password-file", paramLabel = "FILE")
        Path passwordFile;

        @Option(names = "--min-severity", paramLabel = "S", description = "info, warning (default) or critical.")
        String minSeverity;

        @Override
        int run(Certwiz certwiz) {
            char[] password = password(passwordFile);
            AlertsView.Channel added = certwiz.alerts()
                    .channels()
                    .addEmail(
                            name,
                            to,
                            new EmailSender.Smtp(host, port, security, user, from),
                            password,
                            severity(minSeverity));
            print(added, () -> out().println("Added email channel " + added.name() + " -> " + added.target()));
            return 0;
        }
    }

    @Command(name = "remove", description = "Remove an alert channel.")
    static final class Remove extends Sub {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        int run(Certwiz certwiz) {
            AlertsView.Channel removed = certwiz.alerts().channels().remove(name);
            print(removed, () -> out().println("Removed alert channel " + removed.name()));
            return 0;
        }
    }

    @Command(name = "configure", description = "The thresholds and how often an open alert is sent again.")
    static final class Configure extends Sub {
        @Option(
                names = "--warning",
                paramLabel = "SHARE",
                description = "Warn with this share of the lifetime left (1/3).")
        String warning;

        @Option(names = "--critical", paramLabel = "SHARE", description = "Critical with this share left (1/6).")
        String critical;

        @Option(names = "--critical-days", paramLabel = "N", description = "... or this many days left (7).")
        Integer criticalDays;

        @Option(
                names = "--repeat",
                paramLabel = "D",
                description = "Send an open alert again after (24h, at least 5m).")
        String repeat;

        @Override
        int run(Certwiz certwiz) {
            AlertThresholds now = certwiz.alerts().thresholds();
            AlertThresholds set = certwiz.alerts()
                    .configure(new AlertThresholds(
                            warning == null ? now.warningShare() : AlertThresholds.parseShare(warning, "--warning"),
                            critical == null ? now.criticalShare() : AlertThresholds.parseShare(critical, "--critical"),
                            criticalDays == null ? now.criticalDays() : criticalDays,
                            repeat == null ? now.repeat() : AlertThresholds.parseDuration(repeat, "--repeat")));
            print(
                    set.view(),
                    () -> out().println("Alert thresholds set: warning at " + set.warningShare() + ", critical at "
                            + set.criticalShare() + " or " + set.criticalDays() + " days, repeated every "
                            + set.repeat()));
            return 0;
        }
    }
}
