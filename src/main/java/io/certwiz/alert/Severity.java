package io.certwiz.alert;

import io.certwiz.CertwizException;
import java.util.Locale;

/** How urgent an alert is; a channel receives alerts at or above its minimum. */
public enum Severity {
    info,
    warning,
    critical;

    public static Severity parse(String text) {
        try {
            return valueOf(text.strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CertwizException.badUsage("severity is info, warning or critical, not '" + text.strip() + "'");
        }
    }
}
