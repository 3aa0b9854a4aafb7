package io.certwiz.limbo;

import java.util.function.Predicate;

/**
 * A tally in the suite's terms: pass (the result equals the expected one), wrong accept (SUCCESS where
 * FAILURE was expected), wrong reject (the reverse), skipped (SKIPPED or HANG).
 */
public record LimboScore(
        int pass, int correctAccepts, int correctRejects, int wrongAccepts, int wrongRejects, int skipped) {
    public static final LimboScore ZERO = new LimboScore(0, 0, 0, 0, 0, 0);

    public int total() {
        return pass + wrongAccepts + wrongRejects + skipped;
    }

    public LimboScore plus(LimboHarness.Verdict verdict) {
        return switch (verdict) {
            case CORRECT_ACCEPT ->
                new LimboScore(pass + 1, correctAccepts + 1, correctRejects, wrongAccepts, wrongRejects, skipped);
            case CORRECT_REJECT ->
                new LimboScore(pass + 1, correctAccepts, correctRejects + 1, wrongAccepts, wrongRejects, skipped);
            case WRONG_ACCEPT ->
                new LimboScore(pass, correctAccepts, correctRejects, wrongAccepts + 1, wrongRejects, skipped);
            case WRONG_REJECT ->
                new LimboScore(pass, correctAccepts, correctRejects, wrongAccepts, wrongRejects + 1, skipped);
            case SKIPPED ->
                new LimboScore(pass, correctAccepts, correctRejects, wrongAccepts, wrongRejects, skipped + 1);
        };
    }

    /** The verdict of an actual result ({@code SUCCESS|FAILURE|SKIPPED|HANG}) against the expected one. */
    public static LimboHarness.Verdict verdict(String expected, String actual) {
        boolean expectSuccess = "SUCCESS".equals(expected);
        return switch (actual) {
            case "SUCCESS" -> expectSuccess ? LimboHarness.Verdict.CORRECT_ACCEPT : LimboHarness.Verdict.WRONG_ACCEPT;
            case "FAILURE" -> expectSuccess ? LimboHarness.Verdict.WRONG_REJECT : LimboHarness.Verdict.CORRECT_REJECT;
            default -> LimboHarness.Verdict.SKIPPED;
        };
    }

    public static LimboScore of(Iterable<LimboHarness.Outcome> outcomes, Predicate<LimboCase> filter) {
        LimboScore score = ZERO;
        for (LimboHarness.Outcome outcome : outcomes) {
            if (filter.test(outcome.testCase())) {
                score = score.plus(outcome.verdict());
            }
        }
        return score;
    }

    /** {@code pass / wrong accepts / wrong rejects / skipped}, as the suite's README writes it. */
    public String line() {
        return String.format("%,d / %,d / %,d / %,d", pass, wrongAccepts, wrongRejects, skipped);
    }
}
