package io.certwiz;

/** What kind of failure an operation ended in; each maps to one process exit code. */
public enum Failure {
    /** Something went wrong that is not the caller's fault, or the input could not be read. */
    ERROR(1),
    /** The command or its arguments are malformed: unknown usage, unknown key type, missing option. */
    BAD_USAGE(2),
    /** A check refused the operation: untrusted chain, expired, wrong EKU, names not covered. */
    REFUSED(3),
    /** The thing named does not exist: thumbprint, usage assignment, pending request. */
    NOT_FOUND(4);

    private final int exitCode;

    Failure(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
