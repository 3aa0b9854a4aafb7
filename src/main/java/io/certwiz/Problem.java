package io.certwiz;

/**
 * One reason a check failed: a stable machine-readable code, a one-line message, and the fix when
 * there is one.
 */
public record Problem(String code, String message, String fix) {
    public Problem(String code, String message) {
        this(code, message, null);
    }

    /** The message and its fix on one line. */
    public String line() {
        return fix == null ? message : message + "; fix: " + fix;
    }
}
