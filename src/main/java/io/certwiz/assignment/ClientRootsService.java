package io.certwiz.assignment;

import io.certwiz.CertwizException;
import io.certwiz.audit.AuditLog;
import io.certwiz.ca.EmbeddedCa;
import io.certwiz.certificate.HeldCertificates;
import io.certwiz.store.Settings;
import io.certwiz.store.Store;
import io.certwiz.store.Transaction;
import io.certwiz.trust.ChainReport;
import io.certwiz.trust.TrustSnapshot;
import io.certwiz.usage.Assignments;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Default listener's client roots ({@link ClientRoots}): what {@code usage set Default --client-roots}
 * chooses, and the roots it comes to in the {@code root} store now. A root taken out of the root store is
 * no longer trusted for clients, whatever the choice names.
 */
public final class ClientRootsService {
    /** The setting that holds the choice; absent is {@link ClientRoots#DEFAULT}. */
    public static final String SETTING = "usage.Default.client-roots";

    private final Store store;
    private final Settings settings;
    private final HeldCertificates held;
    private final Assignments assignments;
    private final AuditLog audit;
    private final Clock clock;
    private final String actor;

    public ClientRootsService(
            Store store,
            Settings settings,
            HeldCertificates held,
            Assignments assignments,
            AuditLog audit,
            Clock clock,
            String actor) {
        this.store = store;
        this.settings = settings;
        this.held = held;
        this.assignments = assignments;
        this.audit = audit;
        this.clock = clock;
        this.actor = actor;
    }

    /**
     * A root of the root store, whether it is trusted for client certificates and why: all, embedded,
     * assigned or listed.
     */
    public record Root(String thumbprint, String subject, boolean trusted, List<String> because) {}

    /**
     * The choice ({@code clientRoots}, as {@code --client-roots} reads it), every root of the root store
     * with what the choice makes of it, the listed thumbprints no longer in the root store ({@code
     * absent}), and what the choice shuts out that an administrator may not mean to ({@code warnings}).
     */
    public record ClientRootsView(
            String usage, String clientRoots, List<Root> roots, List<String> absent, List<String> warnings) {
        public List<Root> trusted() {
            return roots.stream().filter(Root::trusted).toList();
        }
    }

    /** The choice and what it trusts now; only Default has client roots. */
    public ClientRootsView view(Usage usage) {
        requireDefault(usage);
        return store.read(this::view);
    }

    /** Sets the choice; every listed thumbprint must be a root in the root store. */
    public ClientRootsView set(Usage usage, String text) {
        requireDefault(usage);
        ClientRoots roots = ClientRoots.parse(text);
        Instant now = clock.instant();
        return store.write(tx -> {
            List<Thumbprint> inStore = rootThumbprints(held.trust(tx));
            for (Thumbprint listed : roots.thumbprints()) {
                if (!inStore.contains(listed)) {
                    throw CertwizException.notFound("no certificate " + listed
                            + " in the root store; import the root first (import FILE --store root)");
                }
            }
            settings.put(tx, SETTING, roots.text());
            audit.append(
                    tx,
                    now,
                    actor,
                    "usage.set",
                    roots.thumbprints().stream().map(Thumbprint::hex).toList(),
                    "usage=Default client-roots=" + roots.text());
            return view(tx);
        });
    }

    private static void requireDefault(Usage usage) {
        if (usage != Usage.Default) {
            throw CertwizException.badUsage(
                    "only Default asks for client certificates; " + usage.name() + " has no client roots");
        }
    }

    /** The choice stored now. */
    public static ClientRoots choice(Transaction tx, Settings settings) {
        return settings.get(tx, SETTING)
                .filter(t -> !t.isBlank())
                .map(ClientRoots::parse)
                .orElse(ClientRoots.DEFAULT);
    }

    /** The roots of {@code trust} (the root store as read in {@code tx}) the Default listener trusts for clients. */
    public List<X509Certificate> trusted(Transaction tx, TrustSnapshot trust) {
        ClientRoots choice = choice(tx, settings);
        Optional<Thumbprint> assigned = choice.assigned() ? assignedRoot(tx, trust) : Optional.empty();
        return List.copyOf(resolve(tx, trust, choice, assigned).keySet());
    }

    private ClientRootsView view(Transaction tx) {
        TrustSnapshot trust = held.trust(tx);
        ClientRoots choice = choice(tx, settings);
        // Read whatever the choice: the warning needs it when the choice leaves it out.
        Optional<Thumbprint> assigned = assignedRoot(tx, trust);
        Map<X509Certificate, List<String>> trusted =
                resolve(tx, trust, choice, choice.assigned() ? assigned : Optional.empty());
        List<Root> roots = new ArrayList<>();
        for (X509Certificate root : trust.roots()) {
            List<String> because = trusted.getOrDefault(root, List.of());
            roots.add(new Root(
                    Thumbprint.of(root).hex(), root.getSubjectX500Principal().getName(), !because.isEmpty(), because));
        }
        List<String> inStore = roots.stream().map(Root::thumbprint).toList();
        List<String> absent = choice.thumbprints().stream()
                .map(Thumbprint::hex)
                .filter(t -> !inStore.contains(t))
                .toList();
        List<String> warnings = new ArrayList<>();
        assigned.filter(root -> roots.stream()
                        .noneMatch(r -> r.trusted() && r.thumbprint().equals(root.hex())))
                .ifPresent(root -> warnings.add("the root of the certificate assigned to Default (" + root.hex()
                        + ") is not chosen: the other servers of a pool, which present their Default"
                        + " certificate, cannot connect"));
        return new ClientRootsView(Usage.Default.name(), choice.text(), roots, absent, warnings);
    }

    /** Each trusted root with the reasons it is trusted, in the root store's order. */
    private Map<X509Certificate, List<String>> resolve(
            Transaction tx, TrustSnapshot trust, ClientRoots choice, Optional<Thumbprint> assigned) {
        Optional<Thumbprint> embedded = choice.embedded() ? embeddedRoot(tx) : Optional.empty();
        Map<X509Certificate, List<String>> out = new LinkedHashMap<>();
        for (X509Certificate root : trust.roots()) {
            Thumbprint thumbprint = Thumbprint.of(root);
            List<String> because = new ArrayList<>();
            if (choice.all()) {
                because.add("all");
            }
            if (embedded.filter(thumbprint::equals).isPresent()) {
                because.add("embedded");
            }
            if (assigned.filter(thumbprint::equals).isPresent()) {
                because.add("assigned");
            }
            if (choice.thumbprints().contains(thumbprint)) {
                because.add("listed");
            }
            if (!because.isEmpty()) {
                out.put(root, List.copyOf(because));
            }
        }
        return out;
    }

    private Optional<Thumbprint> embeddedRoot(Transaction tx) {
        return EmbeddedCa.certificates(tx, settings).entrySet().stream()
                .filter(e -> e.getValue().equals("root"))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /** The root the certificate assigned to Default now chains to, when its chain is trusted. */
    private Optional<Thumbprint> assignedRoot(Transaction tx, TrustSnapshot trust) {
        return assignments
                .find(tx, Usage.Default)
                .map(a -> a.at(clock.instant()))
                .flatMap(a -> held.records().find(tx, a.thumbprint()))
                .map(stored -> trust.analyzer().analyze(stored.certificate(), clock.instant()))
                .filter(ChainReport::trusted)
                .map(report -> report.elements().getLast().thumbprint())
                .map(Thumbprint::parse);
    }

    private static List<Thumbprint> rootThumbprints(TrustSnapshot trust) {
        return trust.roots().stream().map(Thumbprint::of).toList();
    }
}
