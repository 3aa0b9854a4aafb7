package io.certwiz;

import java.util.List;

/**
 * The one exception the service layer throws for an expected failure. Its message is one line meant
 * for an administrator; the CLI, the API and the wizard all show it as it is.
 */
public class CertwizException extends RuntimeException {
    private final Failure failure;
    private final List<Problem> problems;

    public CertwizException(Failure failure, String message) {
        this(failure, message, List.of(), null);
    }

    public CertwizException(Failure failure, String message, Throwable cause) {
        this(failure, message, List.of(), cause);
    }

    public CertwizException(Failure failure, String message, List<Problem> problems) {
        this(failure, message, problems, null);
    }

    private CertwizException(Failure failure, String message, List<Problem> problems, Throwable cause) {
        super(Problem.oneLine(message), cause);
        this.failure = failure;
        this.problems = List.copyOf(problems);
    }

    public static CertwizException badUsage(String message) {
        return new CertwizException(Failure.BAD_USAGE, message);
    }

    public static CertwizException notFound(String message) {
        return new CertwizException(Failure.NOT_FOUND, message);
    }

    public static CertwizException refused(String message) {
        return new CertwizException(Failure.REFUSED, message);
    }

    public static CertwizException refused(String message, List<Problem> problems) {
        return new CertwizException(Failure.REFUSED, message, problems);
    }

    public static CertwizException error(String message) {
        return new CertwizException(Failure.ERROR, message);
    }

    public static CertwizException error(String message, Throwable cause) {
        return new CertwizException(Failure.ERROR, message, cause);
    }

    public Failure failure() {
        return failure;
    }

    /** The individual failed checks, each one line with its fix; empty when the message says it all. */
    public List<Problem> problems() {
        return problems;
    }
}
