package io.certwiz.check;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** What {@code certwiz check} found: how much it looked at, and one finding per problem. */
public record CheckReport(boolean clean, Checked checked, List<Finding> problems) {
    public CheckReport {
        problems = List.copyOf(problems);
    }

    /** How many of each thing the check read. */
    public record Checked(int keys, int certificates, int assignments, int pendingRequests) {}

    /**
     * One problem: a stable kind, a one-line message naming what it concerns, and that thing's
     * thumbprint, key id, pending request id or usage where it has one.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Finding(String kind, String message, String thumbprint, Long keyId, Long requestId, String usage) {
        public String line() {
            return kind + ": " + message;
        }
    }
}
