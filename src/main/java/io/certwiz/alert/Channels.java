package io.certwiz.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certwiz.CertwizException;
import io.certwiz.audit.AuditLog;
import io.certwiz.crypto.SecretSealer;
import io.certwiz.store.Store;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert channels: added and removed (audited), their secrets (a webhook's HMAC key, an SMTP password)
 * sealed at rest under the master key and never shown again, and sending a notification to each channel
 * whose minimum severity it meets.
 */
public final class Channels {
    private static final Logger LOG = LoggerFactory.getLogger(Channels.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LABEL = "certwiz/alert-channel/v1";

    private final Store store;
    private final AlertRecords alerts;
    private final AuditLog audit;
    private final Supplier<byte[]> masterKey;
    private final Clock clock;
    private final String actor;

    Channels(Store store, AlertRecords alerts, AuditLog audit, Supplier<byte[]> masterKey, Clock clock, String actor) {
        this.store = store;
        this.alerts = alerts;
        this.audit = audit;
        this.masterKey = masterKey;
        this.clock = clock;
        this.actor = actor;
    }

    /** A webhook added; its HMAC key is the one given, or a new one, shown this once. */
    public record AddedWebhook(AlertsView.Channel channel, String hmacKey) {}

    /**
     * {@code certwiz alerts add-webhook NAME --url URL [--secret-file F] [--min-severity S]}; a null
     * {@code secret} makes a new 32-byte key (hex).
     */
    public AddedWebhook addWebhook(String name, String url, String secret, Severity minSeverity) {
        checkName(name);
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw CertwizException.badUsage("--url is not a URL: '" + url + "'");
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw CertwizException.badUsage("--url takes an http:// or https:// URL, not '" + url + "'");
        }
        if (uri.getUserInfo() != null) {
            throw CertwizException.badUsage("--url must not carry user:password@; the HMAC signature authenticates");
        }
        String key = secret;
        if (key == null) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            key = HexFormat.of().formatHex(bytes);
        } else if (key.strip().length() < 16) {
            throw CertwizException.badUsage("the webhook secret must be at least 16 characters");
        }
        AlertChannel channel = new AlertChannel(
                name,
                AlertChannel.Kind.webhook,
                uri.toString(),
                "{}",
                seal(name, key.strip().getBytes(StandardCharsets.UTF_8)),
                minSeverity == null ? Severity.warning : minSeverity,
                clock.instant());
        add(channel);
        return new AddedWebhook(view(channel), secret == null ? key : null);
    }

    /** {@code certwiz alerts add-email NAME --to ADDR[,ADDR] --smtp-host H ...}. */
    public AlertsView.Channel addEmail(
            String name, List<String> to, EmailSender.Smtp smtp, char[] password, Severity minSeverity) {
        checkName(name);
        if (to == null || to.isEmpty()) {
            throw CertwizException.badUsage("give the recipients with --to");
        }
        for (String address : to) {
            if (!address.matches("[^@\\s,]+@[^@\\s,]+")) {
                throw CertwizException.badUsage("--to takes email addresses, not '" + address + "'");
            }
        }
        if (!List.of("starttls", "tls", "none").contains(smtp.security())) {
            throw CertwizException.badUsage("--smtp-security is starttls, tls or none, not '" + smtp.security() + "'");
        }
        if (smtp.security().equals("none")
                && !List.of("localhost", "127.0.0.1", "::1").contains(smtp.host())) {
            throw CertwizException.badUsage("--smtp-security none is for a relay on this host only; use starttls");
        }
        if (smtp.port() < 1 || smtp.port() > 65535) {
            throw CertwizException.badUsage("--smtp-port takes a port (1-65535)");
        }
        String settings;
        try {
            settings = JSON.writeValueAsString(smtp);
        } catch (JsonProcessingException e) {
            throw CertwizException.error("cannot write the SMTP settings: " + e.getMessage(), e);
        }
        String sealed = password == null ? null : seal(name, new String(password).getBytes(StandardCharsets.UTF_8));
        AlertChannel channel = new AlertChannel(
                name,
                AlertChannel.Kind.email,
                String.join(",", to),
                settings,
                sealed,
                minSeverity == null ? Severity.warning : minSeverity,
                clock.instant());
        add(channel);
        return view(channel);
    }

    /** {@code certwiz alerts remove NAME}. */
    public AlertsView.Channel remove(String name) {
        return store.write(tx -> {
            AlertChannel channel = alerts.channel(tx, name).orElseThrow(() -> AlertService.unknown(name));
            alerts.deleteChannel(tx, name);
            audit.append(tx, clock.instant(), actor, "alerts.remove", List.of(), "channel=" + name);
            return view(channel);
        });
    }

    private void add(AlertChannel channel) {
        store.write(tx -> {
            if (!alerts.addChannel(tx, channel)) {
                throw CertwizException.refused(
                        "an alert channel named '" + channel.name() + "' exists; remove it first");
            }
            audit.append(
                    tx,
                    clock.instant(),
                    actor,
                    "alerts.add",
                    List.of(),
                    "channel=" + channel.name() + " kind=" + channel.kind() + " min=" + channel.minSeverity());
            return null;
        });
    }

    /** Sends to the channels this notification's severity reaches; the failures, one line each. */
    List<String> deliver(Notification n, Supplier<List<X509Certificate>> roots) {
        List<String> failures = new ArrayList<>();
        for (AlertChannel channel : store.read(alerts::channels)) {
            if (n.severity().compareTo(channel.minSeverity()) < 0) {
                continue;
            }
            try {
                send(channel, n, roots);
            } catch (CertwizException e) {
                LOG.warn("alert {} to channel {}: {}", n.key(), channel.name(), e.getMessage());
                failures.add(channel.name() + ": " + e.getMessage());
            }
        }
        return failures;
    }

    /** Sends a test to one channel (or all); the names sent to. */
    List<String> test(String name, Notification n, Supplier<List<X509Certificate>> roots) {
        List<AlertChannel> targets = store.read(tx -> name == null
                ? alerts.channels(tx)
                : List.of(alerts.channel(tx, name).orElseThrow(() -> AlertService.unknown(name))));
        if (targets.isEmpty()) {
            throw CertwizException.notFound(
                    "no alert channel yet: add one with certwiz alerts add-webhook or add-email");
        }
        List<String> sent = new ArrayList<>();
        for (AlertChannel channel : targets) {
            send(channel, n, roots);
            sent.add(channel.name());
        }
        return sent;
    }

    private void send(AlertChannel channel, Notification n, Supplier<List<X509Certificate>> roots) {
        byte[] secret = channel.sealedSecret() == null ? null : open(channel.name(), channel.sealedSecret());
        try {
            if (channel.kind() == AlertChannel.Kind.webhook) {
                WebhookSender.send(channel.target(), secret, n, clock.instant().getEpochSecond());
            } else {
                EmailSender.Smtp smtp;
                try {
                    smtp = JSON.readValue(channel.settings(), EmailSender.Smtp.class);
                } catch (JsonProcessingException e) {
                    throw CertwizException.error("the SMTP settings of channel " + channel.name() + " are damaged");
                }
                char[] password = secret == null ? null : new String(secret, StandardCharsets.UTF_8).toCharArray();
                EmailSender.send(smtp, Arrays.asList(channel.target().split(",")), password, n, roots.get());
            }
        } finally {
            if (secret != null) {
                Arrays.fill(secret, (byte) 0);
            }
        }
    }

    static AlertsView.Channel view(AlertChannel channel) {
        String smtp = null;
        if (channel.kind() == AlertChannel.Kind.email) {
            try {
                EmailSender.Smtp s = JSON.readValue(channel.settings(), EmailSender.Smtp.class);
                smtp = s.host() + ":" + s.port() + " (" + s.security()
                        + (s.username() == null ? "" : ", user " + s.username()) + ", from " + s.from() + ")";
            } catch (JsonProcessingException e) {
                smtp = "(damaged settings)";
            }
        }
        return new AlertsView.Channel(
                channel.name(),
                channel.kind().name(),
                channel.target(),
                channel.minSeverity(),
                smtp,
                channel.createdAt().toString());
    }

    private static void checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw CertwizException.badUsage(
                    "a channel name is letters, digits, '.', '_' and '-' (up to 64), not '" + name + "'");
        }
    }

    /**
     * Master-key rotation: every channel's secret re-sealed from {@code oldMaster} to {@code newMaster} in
     * {@code tx} (the channel written again as it was); the number re-sealed. Neither array is wiped.
     */
    public static int resealAll(
            io.certwiz.store.Transaction tx, AlertRecords alerts, byte[] oldMaster, byte[] newMaster) {
        Channels before = new Channels(null, alerts, null, oldMaster::clone, null, null);
        Channels after = new Channels(null, alerts, null, newMaster::clone, null, null);
        int resealed = 0;
        for (AlertChannel channel : alerts.channels(tx)) {
            if (channel.sealedSecret() == null) {
                continue;
            }
            String sealed = after.seal(channel.name(), before.open(channel.name(), channel.sealedSecret()));
            alerts.deleteChannel(tx, channel.name());
            alerts.addChannel(
                    tx,
                    new AlertChannel(
                            channel.name(),
                            channel.kind(),
                            channel.target(),
                            channel.settings(),
                            sealed,
                            channel.minSeverity(),
                            channel.createdAt()));
            resealed++;
        }
        return resealed;
    }

    private String seal(String name, byte[] secret) {
        try {
            return SecretSealer.derive(masterKey.get(), LABEL).seal(secret, "alert-channel:" + name);
        } catch (GeneralSecurityException e) {
            throw CertwizException.error("cannot seal the channel's secret: " + e.getMessage(), e);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private byte[] open(String name, String sealed) {
        try {
            return SecretSealer.derive(masterKey.get(), LABEL).open(sealed, "alert-channel:" + name);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw CertwizException.error(
                    "the secret of alert channel " + name + " cannot be opened with this master key");
        }
    }
}
