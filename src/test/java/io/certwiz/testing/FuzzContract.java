package io.certwiz.testing;

import io.certwiz.CertwizException;
import java.util.List;
import java.util.Locale;

/**
 * What every fuzz target asserts: a parser the network reaches either succeeds or refuses with its
 * layer's own exception, whose message is one line (no stack trace, no multi-line library text). See
 * docs/fuzzing.md.
 */
public final class FuzzContract {
    private FuzzContract() {}

    /**
     * In regression mode (a normal build) Jazzer's hooks are of no use but cost seconds and stay in the
     * test JVM, instrumenting every class the later tests load: switch them off unless fuzzing. Call it
     * from a fuzz test's {@code @BeforeAll}, which runs before Jazzer configures its agent.
     */
    public static void noHooksInRegressionMode() {
        if (!fuzzing() && System.getProperty("jazzer.hooks") == null) {
            System.setProperty("jazzer.hooks", "false");
        }
    }

    /** True when Jazzer fuzzes ({@code JAZZER_FUZZ=1}), false in regression mode. */
    public static boolean fuzzing() {
        String fuzz = System.getenv("JAZZER_FUZZ");
        return fuzz != null && List.of("1", "true", "yes").contains(fuzz.toLowerCase(Locale.ROOT));
    }

    /** A refusal as the CLI and the API show it: a kind of failure and a one-line message. */
    public static void refusal(CertwizException e) {
        if (e.failure() == null) {
            throw new AssertionError("a CertwizException without a Failure", e);
        }
        oneLine("message", e.getMessage(), e);
        e.problems().forEach(p -> oneLine("problem " + p.code(), p.message(), e));
    }

    /** {@code text} is one non-blank line. */
    public static void oneLine(String what, String text, Throwable cause) {
        if (text == null || text.isBlank() || text.contains("\n") || text.contains("\r")) {
            throw new AssertionError("the " + what + " is not one line: " + text, cause);
        }
    }
}
