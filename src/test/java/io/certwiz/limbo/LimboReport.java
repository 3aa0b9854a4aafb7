package io.certwiz.limbo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.certwiz.limbo.LimboHarness.Outcome;
import io.certwiz.limbo.LimboHarness.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Writes the run's summary (markdown) and its per-case results in the limbo harness format (json). */
public final class LimboReport {
    static final Predicate<LimboCase> ALL = c -> true;
    static final Predicate<LimboCase> OUTSIDE_BETTERTLS = c -> !c.namespace().equals("bettertls");

    private final List<LimboCase> cases;
    private final List<Outcome> outcomes;
    private final Map<String, PeerResults> peers;
    private final Duration elapsed;
    private final Duration cpu;

    public LimboReport(
            List<LimboCase> cases,
            List<Outcome> outcomes,
            Map<String, PeerResults> peers,
            Duration elapsed,
            Duration cpu) {
        this.cases = cases;
        this.outcomes = outcomes;
        this.peers = peers;
        this.elapsed = elapsed;
        this.cpu = cpu;
    }

    public LimboScore score(Predicate<LimboCase> filter) {
        return LimboScore.of(outcomes, filter);
    }

    public List<Outcome> with(Verdict verdict) {
        return outcomes.stream().filter(o -> o.verdict() == verdict).toList();
    }

    public void writeJson(Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("version", 1);
        root.put("harness", "certwiz-" + System.getProperty("java.version"));
        ArrayNode results = root.putArray("results");
        for (Outcome outcome : outcomes) {
            ObjectNode result = results.addObject();
            result.put("id", outcome.id());
            result.put("actual_result", outcome.actual().name());
            result.put("context", outcome.context());
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        mapper.writeValue(file.toFile(), root);
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        int outside = (int) cases.stream().filter(OUTSIDE_BETTERTLS).count();
        md.append("# x509-limbo: certwiz's score\n\n");
        md.append(String.format(
                "%,d cases in %.1f s (%.1f s of CPU) on %d processors, JDK %s. Produced by `X509LimboTest` (see"
                        + " docs/x509-limbo.md).%n%n",
                cases.size(),
                elapsed.toMillis() / 1000.0,
                cpu.toMillis() / 1000.0,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version")));
        md.append("pass / wrong accepts / wrong rejects / skipped:\n\n");
        md.append(String.format("| implementation | all %,d | the %,d outside bettertls |%n", cases.size(), outside));
        md.append("|---|---|---|\n");
        md.append("| **certwiz** | **")
                .append(score(ALL).line())
                .append("** | **")
                .append(score(OUTSIDE_BETTERTLS).line())
                .append("** |\n");
        for (PeerResults peer : peers.values()) {
            md.append("| ")
                    .append(peer.harness())
                    .append(" | ")
                    .append(peer.score(cases).line())
                    .append(" | ")
                    .append(peer.score(cases.stream().filter(OUTSIDE_BETTERTLS).toList())
                            .line())
                    .append(" |\n");
        }

        md.append(
                "\n## certwiz by namespace\n\n| namespace | cases | pass | wrong accepts | wrong rejects | skipped |\n");
        md.append("|---|---|---|---|---|---|\n");
        Map<String, LimboScore> byNamespace = new TreeMap<>();
        for (Outcome outcome : outcomes) {
            byNamespace.merge(
                    outcome.testCase().namespace(), LimboScore.ZERO.plus(outcome.verdict()), LimboReport::sum);
        }
        byNamespace.forEach((namespace, s) -> md.append(String.format(
                "| %s | %,d | %,d | %,d | %,d | %,d |%n",
                namespace, s.total(), s.pass(), s.wrongAccepts(), s.wrongRejects(), s.skipped())));

        section(md, "Wrong accepts", with(Verdict.WRONG_ACCEPT), true);
        section(md, "Wrong rejects", with(Verdict.WRONG_REJECT), false);

        md.append("\n## Skipped\n\n");
        Map<String, List<String>> skipped = new TreeMap<>();
        for (Outcome outcome : with(Verdict.SKIPPED)) {
            skipped.computeIfAbsent(outcome.context(), k -> new ArrayList<>()).add(outcome.id());
        }
        skipped.forEach((reason, ids) -> md.append("- ")
                .append(reason)
                .append(" (")
                .append(ids.size())
                .append("): ")
                .append(String.join(", ", ids))
                .append('\n'));

        PeerResults jdk = peers.values().stream()
                .filter(p -> p.harness().startsWith("jdk"))
                .findFirst()
                .orElse(null);
        if (jdk != null) {
            md.append("\n## Where certwiz and ").append(jdk.harness()).append(" disagree\n\n");
            int better = 0;
            List<String> worse = new ArrayList<>();
            List<String> skippedWhereRight = new ArrayList<>();
            for (Outcome outcome : outcomes) {
                Verdict theirs = LimboScore.verdict(outcome.testCase().expectedResult(), jdk.actual(outcome.id()));
                if (outcome.verdict().correct() && !theirs.correct()) {
                    better++;
                } else if (outcome.verdict() == Verdict.SKIPPED && theirs.correct()) {
                    skippedWhereRight.add(outcome.id());
                } else if (!outcome.verdict().correct() && theirs.correct()) {
                    worse.add(outcome.id() + " (" + outcome.verdict() + ")");
                }
            }
            md.append(String.format(
                    "certwiz is right where the JDK is not in %,d cases; wrong where the JDK is right in %,d%s%n",
                    better, worse.size(), worse.isEmpty() ? "." : ": " + String.join(", ", worse) + "."));
            if (!skippedWhereRight.isEmpty()) {
                md.append(String.format(
                        "%ncertwiz skips %d cases the JDK gets right: %s.%n",
                        skippedWhereRight.size(), String.join(", ", skippedWhereRight)));
            }
        }

        md.append("\n## Slowest cases\n\n");
        outcomes.stream()
                .sorted(Comparator.comparingLong(Outcome::nanos).reversed())
                .limit(8)
                .forEach(o -> md.append(String.format("- %s: %.1f ms%n", o.id(), o.nanos() / 1e6)));
        return md.toString();
    }

    private static void section(StringBuilder md, String title, List<Outcome> list, boolean withDescription) {
        md.append("\n## ").append(title).append(" (").append(list.size()).append(")\n\n");
        for (Outcome outcome : list) {
            md.append("- `").append(outcome.id()).append('`');
            if (!outcome.testCase().features().isEmpty()) {
                md.append(" ").append(outcome.testCase().features());
            }
            if (withDescription) {
                String description = outcome.testCase().description().strip();
                md.append(": ").append(firstSentence(description));
            } else if (outcome.context() != null) {
                md.append(": ").append(oneLine(outcome.context()));
            }
            md.append('\n');
        }
    }

    private static String firstSentence(String text) {
        String line = oneLine(text);
        int end = line.indexOf(". ");
        return end < 0 ? line : line.substring(0, end + 1);
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private static LimboScore sum(LimboScore a, LimboScore b) {
        return new LimboScore(
                a.pass() + b.pass(),
                a.correctAccepts() + b.correctAccepts(),
                a.correctRejects() + b.correctRejects(),
                a.wrongAccepts() + b.wrongAccepts(),
                a.wrongRejects() + b.wrongRejects(),
                a.skipped() + b.skipped());
    }
}
