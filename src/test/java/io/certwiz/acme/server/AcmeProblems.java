package io.certwiz.acme.server;

import io.certwiz.testing.FuzzContract;

/** The fuzz targets' contract for the ACME server: a refusal is a problem document with a one-line detail. */
final class AcmeProblems {
    private AcmeProblems() {}

    static void check(AcmeProblem problem) {
        if (problem.type() == null) {
            throw new AssertionError("a problem without a type", problem);
        }
        FuzzContract.oneLine("problem detail", problem.getMessage(), problem);
    }
}
