package io.certwiz.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Text output for a terminal: every control character in what is printed (a subject CN with a line
 * feed or an escape sequence, a friendly name with a carriage return, a bidirectional override) is
 * shown escaped, {@code \n}, {@code \x1B}, {@code \u202E}, so no value can forge a line or drive the
 * terminal. Only the line ends of {@code println} and of the {@code %n} in a format are real.
 */
final class TerminalWriter extends PrintWriter {
    TerminalWriter(PrintWriter target) {
        super(target, true);
    }

    /** The text with its control characters escaped. */
    static String escape(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escaped = escaped(c);
            if (escaped != null && out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (out != null) {
                if (escaped == null) {
                    out.append(c);
                } else {
                    out.append(escaped);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    private static String escaped(char c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> {
                if (c < 0x20 || c == 0x7F) {
                    yield String.format(Locale.ROOT, "\\x%02X", (int) c);
                }
                boolean c1 = c >= 0x80 && c <= 0x9F;
                boolean bidiOrLine = c >= 0x202A && c <= 0x202E
                        || c >= 0x2066 && c <= 0x2069
                        || c == 0x200E
                        || c == 0x200F
                        || c == 0x061C
                        || c == 0x2028
                        || c == 0x2029;
                yield c1 || bidiOrLine ? String.format(Locale.ROOT, "\\u%04X", (int) c) : null;
            }
        };
    }

    @Override
    public void write(int c) {
        write(String.valueOf((char) c));
    }

    @Override
    public void write(char[] buffer, int offset, int length) {
        write(new String(buffer, offset, length));
    }

    @Override
    public void write(String text, int offset, int length) {
        String escaped = escape(text.substring(offset, offset + length));
        super.write(escaped, 0, escaped.length());
    }

    @Override
    public PrintWriter format(String format, Object... args) {
        return format(Locale.getDefault(Locale.Category.FORMAT), format, args);
    }

    /** The format is the program's own: its {@code %n} stay line ends; the values are escaped. */
    @Override
    public PrintWriter format(Locale locale, String format, Object... args) {
        Object[] escaped = args.clone();
        for (int i = 0; i < escaped.length; i++) {
            if (escaped[i] != null && !(escaped[i] instanceof Number) && !(escaped[i] instanceof Boolean)) {
                escaped[i] = escape(String.valueOf(escaped[i]));
            }
        }
        String text = String.format(locale, format, escaped);
        super.write(text, 0, text.length());
        return this;
    }
}
