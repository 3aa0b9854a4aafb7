package io.certwiz;

/**
 * One reason a check failed: a stable machine-readable code, a one-line message, and the fix when
 * there is one.
 */
public record Problem(String code, String message, String fix) {
    public Problem {
        message = oneLine(message);
        fix = oneLine(fix);
    }

    public Problem(String code, String message) {
        this(code, message, null);
    }

    /** The message and its fix on one line. */
    public String line() {
        return fix == null ? message : message + "; fix: " + fix;
    }

    /**
     * The text on one line: line breaks (which a certificate's names, a file or a library's message may
     * hold) are shown escaped ({@code \n}, {@code \r}, and the Unicode line breaks by their code points).
     * Other control characters are left to each face (the CLI's terminal output escapes them too).
     */
    public static String oneLine(String text) {
        if (text == null || text.chars().noneMatch(Problem::breaksLine)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\u000B', '\u000C', '\u0085', '\u2028', '\u2029' ->
                    out.append(String.format(java.util.Locale.ROOT, "\\u%04X", (int) c));
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean breaksLine(int c) {
        return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x85 || c == 0x2028 || c == 0x2029;
    }
}
