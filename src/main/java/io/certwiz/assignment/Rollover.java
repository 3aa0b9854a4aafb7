package io.certwiz.assignment;

import io.certwiz.CertwizException;
import io.certwiz.Problem;
import io.certwiz.usage.Usage;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules of a staged roll-over (Set-CsCertificate -Roll -EffectiveDate): only OAuthTokenIssuer rolls;
 * the effective date is in the future and at least {@link #MIN_LEAD} before the current certificate
 * expires, since relying parties keep its key that long; the new certificate is valid from then on.
 */
public final class Rollover {
    /** The least time between the effective date and the current certificate's expiry. */
    public static final Duration MIN_LEAD = Duration.ofHours(24);
    /** How long before it signs a renewed certificate is published, when renewal picks the date. */
    public static final Duration PUBLISH_AHEAD = Duration.ofHours(24);

    private Rollover() {}

    /** Whether a usage is rolled with an effective date rather than switched at once. */
    public static boolean rolls(Usage usage) {
        return usage == Usage.OAuthTokenIssuer;
    }

    /** Parses {@code --effective-date}: an ISO-8601 instant or date-time with an offset. */
    public static Instant parseEffectiveDate(String text) {
        return parseEffectiveDate(text, "--effective-date");
    }

    /** The same, naming the input as its face does ({@code --effective-date}, the wizard's field). */
    public static Instant parseEffectiveDate(String text, String name) {
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw CertwizException.badUsage(
                    name + " takes an ISO time such as 2030-01-01T08:00:00Z, not '" + text.strip() + "'");
        }
    }

    /**
     * The effective date renewal should stage a new certificate with: {@link #PUBLISH_AHEAD} from now, or
     * as late as the rules allow when that is too late; empty when no date fits (the current certificate
     * expires within {@link #MIN_LEAD}), and the new one should be assigned at once.
     */
    public static Optional<Instant> defaultEffectiveDate(Instant now, X509Certificate current) {
        Instant latest = current.getNotAfter().toInstant().minus(MIN_LEAD);
        Instant wanted = now.plus(PUBLISH_AHEAD);
        Instant chosen = wanted.isAfter(latest) ? latest : wanted;
        return chosen.isAfter(now) ? Optional.of(chosen) : Optional.empty();
    }

    /** What keeps {@code next} from being staged over {@code current} at {@code effective}; empty when it may. */
    static List<Problem> problems(
            X509Certificate current, String currentThumbprint, X509Certificate next, Instant effective, Instant now) {
        List<Problem> problems = new ArrayList<>();
        if (!effective.isAfter(now)) {
            problems.add(new Problem(
                    "EFFECTIVE_DATE_PAST",
                    "the effective date " + effective + " is not in the future",
                    "choose a later date, or assign without --roll to switch now"));
        }
        Instant expires = current.getNotAfter().toInstant();
        Instant latest = expires.minus(MIN_LEAD);
        if (effective.isAfter(latest)) {
            problems.add(new Problem(
                    "EFFECTIVE_DATE_TOO_LATE",
                    "the effective date " + effective + " is less than 24 hours before the current OAuthTokenIssuer"
                            + " certificate " + currentThumbprint + " expires (" + expires + "); relying parties"
                            + " keep its key a day after the roll",
                    "choose an effective date at or before " + latest));
        }
        if (next.getNotBefore().toInstant().isAfter(effective)) {
            problems.add(new Problem(
                    "NOT_YET_VALID_AT_EFFECTIVE_DATE",
                    "the new certificate is valid only from "
                            + next.getNotBefore().toInstant() + ", after the effective date",
                    "choose a later effective date"));
        }
        if (!next.getNotAfter().toInstant().isAfter(effective.plus(MIN_LEAD))) {
            problems.add(new Problem(
                    "EXPIRES_TOO_SOON",
                    "the new certificate expires " + next.getNotAfter().toInstant()
                            + ", less than 24 hours after the effective date",
                    "stage a certificate that is valid longer"));
        }
        return problems;
    }
}
