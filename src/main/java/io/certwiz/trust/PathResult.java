package io.certwiz.trust;

import io.certwiz.Problem;
import java.security.cert.X509Certificate;
import java.util.List;

/** The outcome of path validation: the path from leaf to anchor when one is valid, else why not. */
public record PathResult(boolean valid, List<X509Certificate> path, List<Problem> problems) {
    public PathResult {
        path = List.copyOf(path);
        problems = List.copyOf(problems);
    }
}
