package io.certwiz.usage;

/** An assignment as the CLI's and the API's JSON show it. */
public record AssignmentView(String usage, String thumbprint, String assignedAt, String previousThumbprint) {
    public static AssignmentView of(Assignment assignment) {
        return new AssignmentView(
                assignment.usage().name(),
                assignment.thumbprint().hex(),
                assignment.assignedAt().toString(),
                assignment.previous() == null ? null : assignment.previous().hex());
    }

    /** An assignment that was removed: the usage and the certificate it had. */
    public record Removed(String usage, String thumbprint) {
        public static Removed of(Assignment assignment) {
            return new Removed(
                    assignment.usage().name(), assignment.thumbprint().hex());
        }
    }
}
