package io.certwiz.alert;

import io.certwiz.CertwizException;
import io.certwiz.acme.client.AcmeClientRecords;
import io.certwiz.audit.AuditLog;
import io.certwiz.ca.IssuanceLedger;
import io.certwiz.certificate.CertificateRecords;
import io.certwiz.certificate.StoredCertificate;
import io.certwiz.store.Settings;
import io.certwiz.store.Store;
import io.certwiz.store.Transaction;
import io.certwiz.trust.TrustStore;
import io.certwiz.usage.Assignment;
import io.certwiz.usage.Assignments;
import io.certwiz.usage.ServerIdentityRecords;
import io.certwiz.usage.Usage;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Alerts: evaluates the conditions over everything certwiz holds, fires each alert once, sends it again
 * after the repeat interval (or at once when it grows more severe), resolves it when its condition ends,
 * and sends each of these to the channels whose minimum severity it meets. The states live in the store,
 * so the servers of a pool share them and each notification is claimed, and sent, once.
 */
public final class AlertService {
    /** Resolved alerts are kept this long, then forgotten. */
    static final Duration KEEP_RESOLVED = Duration.ofDays(30);

    private final Store store;
    private final AlertRecords alerts;
    private final Channels channels;
    private final CertificateRecords certificates;
    private final Assignments assignments;
    private final IssuanceLedger ledger;
    private final AcmeClientRecords acme;
    private final RenewalSource renewal;
    private final Settings settings;
    private final ServerIdentityRecords identities;
    private final Supplier<X509CRL> crl;
    private final Clock clock;
    private final Supplier<Map<String, String>> revoked;

    /**
     * {@code revoked}: the assigned certificates known to be revoked (by thumbprint, with their usages), read
     * outside any transaction.
     */
    public AlertService(
            Store store,
            AlertRecords alerts,
            CertificateRecords certificates,
            Assignments assignments,
            IssuanceLedger ledger,
            AcmeClientRecords acme,
            RenewalSource renewal,
            Supplier<Map<String, String>> revoked,
            Settings settings,
            ServerIdentityRecords identities,
            AuditLog audit,
            Supplier<byte[]> masterKey,
            Supplier<X509CRL> crl,
            Clock clock,
            String actor) {
        this.store = store;
        this.alerts = alerts;
        this.certificates = certificates;
        this.assignments = assignments;
        this.ledger = ledger;
        this.acme = acme;
        this.renewal = renewal;
        this.settings = settings;
        this.identities = identities;
        this.crl = crl;
        this.clock = clock;
        this.channels = new Channels(store, alerts, audit, masterKey, clock, actor);
        this.revoked = revoked;
    }

    /** Adding, removing and sending to channels. */
    public Channels channels() {
        return channels;
    }

    /** {@code certwiz alerts list}. */
    public AlertsView list() {
        return store.read(tx -> {
            AlertThresholds thresholds = AlertThresholds.load(settings, tx);
            List<AlertsView.Open> open = alerts.states(tx).stream()
                    .filter(AlertState::open)
                    .sorted((a, b) -> b.severity().compareTo(a.severity()) != 0
                            ? b.severity().compareTo(a.severity())
                            : a.key().compareTo(b.key()))
                    .map(s -> new AlertsView.Open(
                            s.key(),
                            s.kind(),
                            s.severity(),
                            s.subject(),
                            s.message(),
                            s.firstSeen().toString(),
                            s.fired(),
                            s.lastSent() == null ? null : s.lastSent().toString(),
                            s.sentCount()))
                    .toList();
            return new AlertsView(
                    open, alerts.channels(tx).stream().map(Channels::view).toList(), thresholds.view());
        });
    }

    /** The conditions that hold now (what {@link #evaluate} would open), without changing anything. */
    public List<Condition> conditions(Map<Usage, String> served) {
        Instant now = clock.instant();
        X509CRL list = crl.get();
        Map<String, String> known = revoked.get();
        return store.read(tx ->
                AlertConditions.of(snapshot(tx, now, served, list, known), AlertThresholds.load(settings, tx), now));
    }

    /**
     * One round: opens, repeats and resolves alerts, then sends what this server claimed. {@code served}: what
     * each listener presents (the server's view), or null.
     */
    public Evaluation evaluate(Map<Usage, String> served) {
        Instant now = clock.instant();
        X509CRL list = crl.get();
        Map<String, String> known = revoked.get();
        record Round(List<Notification> notifications, int open) {}
        Round round = store.write(tx -> {
            AlertThresholds thresholds = AlertThresholds.load(settings, tx);
            List<Condition> conditions = AlertConditions.of(snapshot(tx, now, served, list, known), thresholds, now);
            String server = identities.identity(tx).map(i -> i.fqdn()).orElse("certwiz");
            Map<String, AlertState> states = new HashMap<>();
            alerts.states(tx).forEach(s -> states.put(s.key(), s));
            List<Notification> out = new ArrayList<>();
            Set<String> holding = conditions.stream().map(Condition::key).collect(Collectors.toSet());
            for (Condition c : conditions) {
                AlertState s = states.get(c.key());
                if (s == null || !s.open()) {
                    s = new AlertState(
                            c.key(), c.kind(), c.severity(), c.subject(), c.message(), now, now, null, 0, null);
                    alerts.put(tx, s);
                } else {
                    alerts.seen(tx, c.key(), c.severity(), c.message(), now);
                }
                boolean held = !now.isBefore(s.firstSeen().plus(c.holdFor()));
                boolean due = s.lastSent() == null
                        || c.severity().compareTo(s.severity()) > 0
                        || !now.isBefore(s.lastSent().plus(thresholds.repeat()));
                if (held && due && alerts.claimSend(tx, c.key(), s.lastSent(), now)) {
                    out.add(notification(
                            Notification.FIRING,
                            c.key(),
                            c.kind(),
                            c.severity(),
                            c.subject(),
                            c.message(),
                            s.firstSeen(),
                            null,
                            s.sentCount() + 1,
                            server,
                            now));
                }
            }
            for (AlertState s : states.values()) {
                if (s.open() && !holding.contains(s.key())) {
                    alerts.resolve(tx, s.key(), now);
                    if (s.fired() && alerts.claimSend(tx, s.key(), s.lastSent(), now)) {
                        out.add(notification(
                                Notification.RESOLVED,
                                s.key(),
                                s.kind(),
                                s.severity(),
                                s.subject(),
                                s.message(),
                                s.firstSeen(),
                                now,
                                s.sentCount() + 1,
                                server,
                                now));
                    }
                }
            }
            alerts.deleteResolvedBefore(tx, now.minus(KEEP_RESOLVED));
            return new Round(out, holding.size());
        });
        List<String> failures = new ArrayList<>();
        for (Notification n : round.notifications()) {
            failures.addAll(channels.deliver(n, this::roots));
        }
        return new Evaluation(round.notifications(), failures, round.open());
    }

    /** {@code certwiz alerts test [NAME]}: a test notification to one channel or every one; fails on the first that fails. */
    public List<String> test(String name) {
        Instant now = clock.instant();
        String server =
                store.read(tx -> identities.identity(tx).map(i -> i.fqdn()).orElse("certwiz"));
        Notification n = notification(
                Notification.TEST,
                "test",
                Condition.TEST,
                Severity.critical,
                "certwiz",
                "a test alert from certwiz: this channel works",
                now,
                null,
                1,
                server,
                now);
        return channels.test(name, n, this::roots);
    }

    /** {@code certwiz alerts configure}: the thresholds and the repeat interval. */
    public AlertThresholds configure(AlertThresholds thresholds) {
        store.write(tx -> {
            thresholds.save(settings, tx);
            return null;
        });
        return thresholds;
    }

    private List<X509Certificate> roots() {
        return store.read(tx -> certificates.inStore(tx, TrustStore.root).stream()
                .map(StoredCertificate::certificate)
                .toList());
    }

    private AlertConditions.Snapshot snapshot(
            Transaction tx, Instant now, Map<Usage, String> served, X509CRL list, Map<String, String> known) {
        Map<Usage, String> assigned = new EnumMap<>(Usage.class);
        Map<String, List<String>> usagesOf = new HashMap<>();
        for (Assignment stored : assignments.all(tx)) {
            Assignment a = stored.at(now);
            assigned.put(a.usage(), a.thumbprint().hex());
            usagesOf.computeIfAbsent(a.thumbprint().hex(), k -> new ArrayList<>())
                    .add(a.usage().name());
            if (a.next() != null) {
                usagesOf.computeIfAbsent(a.next().hex(), k -> new ArrayList<>())
                        .add(a.usage().name() + " (next)");
            }
        }
        List<AlertConditions.Held> held = new ArrayList<>();
        for (StoredCertificate c : certificates.all(tx)) {
            String hex = c.thumbprint().hex();
            held.add(new AlertConditions.Held(
                    c.certificate(),
                    hex,
                    c.store(),
                    usagesOf.getOrDefault(hex, List.of()),
                    c.store() == TrustStore.personal && c.hasPrivateKey() && renewable(tx, c),
                    renewal.renewed(tx, c.thumbprint())));
        }
        return new AlertConditions.Snapshot(held, assigned, renewal.states(tx), served, list, known);
    }

    /** The embedded CA issued it (its ledger has it) or an ACME CA did (certwiz keeps the order's record). */
    private boolean renewable(Transaction tx, StoredCertificate c) {
        return ledger.find(tx, c.certificate().getSerialNumber())
                        .filter(r -> r.thumbprint().equals(c.thumbprint()))
                        .isPresent()
                || acme.issued(tx, c.thumbprint()).isPresent();
    }

    static Notification notification(
            String status,
            String key,
            String kind,
            Severity severity,
            String subject,
            String message,
            Instant since,
            Instant resolved,
            int count,
            String server,
            Instant now) {
        return new Notification(
                status,
                key,
                kind,
                severity,
                subject,
                message,
                since.toString(),
                resolved == null ? null : resolved.toString(),
                count,
                server,
                now.toString());
    }

    /** What the metrics show: every held certificate with its usages, and renewal's states. */
    public AlertConditions.Snapshot inventory() {
        Instant now = clock.instant();
        X509CRL list = crl.get();
        return store.read(tx -> snapshot(tx, now, null, list, Map.of()));
    }

    /** How many alerts are open (fired or pending) per severity. */
    public Map<Severity, Long> openCounts() {
        return store.read(tx -> alerts.states(tx).stream()
                .filter(AlertState::open)
                .collect(Collectors.groupingBy(AlertState::severity, Collectors.counting())));
    }

    /** The configured thresholds. */
    public AlertThresholds thresholds() {
        return store.read(tx -> AlertThresholds.load(settings, tx));
    }

    static CertwizException unknown(String name) {
        return CertwizException.notFound("no alert channel named '" + name + "'");
    }
}
