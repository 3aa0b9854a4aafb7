package io.certwiz.inventory;

import io.certwiz.CertwizException;
import io.certwiz.Failure;
import io.certwiz.Problem;
import io.certwiz.audit.AuditLog;
import io.certwiz.certificate.CertificateRecords;
import io.certwiz.certificate.HeldCertificates;
import io.certwiz.certificate.StoredCertificate;
import io.certwiz.crypto.KeyMatch;
import io.certwiz.crypto.KeyOwner;
import io.certwiz.crypto.KeyRecords;
import io.certwiz.crypto.KeyVault;
import io.certwiz.inventory.ImportOutcome.Imported;
import io.certwiz.request.FriendlyNames;
import io.certwiz.request.RequestOutcome;
import io.certwiz.request.RequestService;
import io.certwiz.revocation.Fetcher;
import io.certwiz.store.Store;
import io.certwiz.store.Transaction;
import io.certwiz.trust.AiaIssuers;
import io.certwiz.trust.TrustSnapshot;
import io.certwiz.trust.TrustStore;
import io.certwiz.x509.CertificateBundle;
import io.certwiz.x509.CertificateDetails;
import io.certwiz.x509.CertificateReader;
import io.certwiz.x509.Thumbprint;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Imports certificate files into the stores. Trust is never given or taken silently: a self-signed CA
 * reaches the root store only when root is asked for (alone without it, it is refused; in a chain or PFX it
 * waits in intermediate), and a trusted root leaves it only when the move is asked for. Another CA goes to
 * intermediate, and an end-entity certificate completes the pending request whose key it matches. All or
 * nothing.
 */
public final class ImportService {
    private final Store store;
    private final KeyVault vault;
    private final RequestService requests;
    private final HeldCertificates held;
    private final CertificateRecords certificates;
    private final KeyRecords keys;
    private final AuditLog audit;
    private final Clock clock;
    private final String actor;
    private final Fetcher fetcher;

    public ImportService(
            Store store,
            KeyVault vault,
            RequestService requests,
            HeldCertificates held,
            KeyRecords keys,
            AuditLog audit,
            Clock clock,
            String actor,
            Fetcher fetcher) {
        this.fetcher = fetcher;
        this.store = store;
        this.vault = vault;
        this.requests = requests;
        this.held = held;
        this.certificates = held.records();
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
        this.actor = actor;
    }

    private void audit(Transaction tx, Instant now, List<Imported> imported) {
        audit.append(
                tx,
                now,
                actor,
                "import",
                imported.stream().map(Imported::thumbprint).toList(),
                String.join(",", imported.stream().map(i -> i.store()).toList()));
    }

    /**
     * How to import: {@code store} (null: where it belongs), and {@code move} to move a certificate that is
     * already held into another trust store (into root it becomes trusted, out of root it stops being).
     */
    public record Options(
            TrustStore store, char[] password, boolean exportable, String friendlyName, boolean assign, boolean move) {
        public Options(TrustStore store, char[] password, boolean exportable, String friendlyName, boolean assign) {
            this(store, password, exportable, friendlyName, assign, false);
        }
    }

    /** The code of a refusal to trust a self-signed CA that was not asked for the root store. */
    public static final String TRUST_IS_EXPLICIT = "TRUST_IS_EXPLICIT";

    /** The code of a lone end-entity certificate that completes no request (a peer's): personal keeps it. */
    public static final String KEEP_WITHOUT_KEY = "KEEP_WITHOUT_KEY";

    /** The code of a refusal to move a held CA certificate between the trust stores without being asked to. */
    public static final String MOVE_IS_EXPLICIT = "MOVE_IS_EXPLICIT";

    /**
     * Imports the content of a certificate file (read by the CLI, uploaded to the wizard, or sent to the
     * API); {@code name} names it in errors.
     */
    public ImportOutcome importBytes(byte[] data, String name, Options options) {
        CertificateBundle bundle;
        try {
            bundle = CertificateReader.read(data, options.password());
        } catch (CertwizException e) {
            throw new CertwizException(e.failure(), name + ": " + e.getMessage());
        }
        return importBundle(bundle, options);
    }

    /**
     * The Import page's "fetch the missing intermediate": the CA certificates a stored certificate's chain
     * lacks, fetched from its AIA caIssuers URLs ({@link AiaIssuers}: never a root), imported into the
     * intermediate store. Refused when nothing could be fetched, naming why.
     */
    public ImportOutcome fetchIntermediates(Thumbprint thumbprint) {
        record Loaded(X509Certificate certificate, List<X509Certificate> known) {}
        Loaded loaded = store.read(tx -> {
            StoredCertificate stored = certificates
                    .find(tx, thumbprint)
                    .orElseThrow(() -> CertwizException.notFound("no certificate with thumbprint " + thumbprint));
            TrustSnapshot trust = held.trust(tx);
            List<X509Certificate> known = new ArrayList<>(trust.intermediates());
            known.addAll(trust.roots());
            return new Loaded(stored.certificate(), known);
        });
        AiaIssuers.Result result = AiaIssuers.fetch(loaded.certificate(), loaded.known(), fetcher);
        if (result.fetched().isEmpty()) {
            throw CertwizException.refused(
                    result.problems().isEmpty()
                            ? "no intermediate is missing, or the certificate names no caIssuers URL"
                            : "no intermediate was fetched",
                    result.problems());
        }
        ImportOutcome outcome = importBundle(
                new CertificateBundle(CertificateBundle.Format.PKCS7, result.certificates(), Optional.empty()),
                new Options(TrustStore.intermediate, null, false, null, false));
        List<Imported> noted = new ArrayList<>();
        for (Imported item : outcome.imported()) {
            String url = result.fetched().stream()
                    .filter(f -> Thumbprint.of(f.certificate()).hex().equals(item.thumbprint()))
                    .map(AiaIssuers.Fetched::url)
                    .findFirst()
                    .orElse(null);
            noted.add(new Imported(
                    item.thumbprint(),
                    item.subject(),
                    item.store(),
                    item.privateKey(),
                    url == null ? item.note() : "fetched from " + url));
        }
        return new ImportOutcome(noted, outcome.completedRequest());
    }

    public ImportOutcome importBundle(CertificateBundle bundle, Options given) {
        Options options = new Options(
                given.store(),
                given.password(),
                given.exportable(),
                FriendlyNames.normalize(given.friendlyName()),
                given.assign(),
                given.move());
        Instant now = clock.instant();
        for (X509Certificate certificate : bundle.certificates()) {
            refuseIfNotValidNow(certificate, now);
        }
        if (bundle.privateKey().isPresent()) {
            return importWithKey(bundle, options, now);
        }
        List<X509Certificate> leaves = bundle.certificates().stream()
                .filter(c -> !CertificateDetails.isCa(c))
                .toList();
        if (leaves.size() > 1) {
            throw CertwizException.error(
                    "the file holds " + leaves.size() + " end-entity certificates; import them one file at a time");
        }
        List<X509Certificate> cas =
                bundle.certificates().stream().filter(CertificateDetails::isCa).toList();
        // A file that holds one certificate, whatever its format (a PFX or .p7b of one root is as lone as a PEM).
        boolean single = bundle.certificates().size() == 1;
        TrustStore requested = options.store();
        if (!leaves.isEmpty() && (requested == TrustStore.root || requested == TrustStore.intermediate)) {
            throw CertwizException.refused("not a CA certificate: " + subject(leaves.getFirst())
                    + " cannot go into the " + requested + " store");
        }
        if (leaves.isEmpty() && requested == TrustStore.personal) {
            throw CertwizException.refused("a CA certificate offered as a server certificate: "
                    + subject(cas.getFirst()) + "; import it into root or intermediate");
        }
        List<Imported> imported = new ArrayList<>();
        RequestOutcome completion = store.write(tx -> {
            imported.clear();
            for (X509Certificate ca : cas) {
                imported.add(putCa(tx, ca, requested, single, options.move(), now));
            }
            if (leaves.isEmpty()) {
                audit(tx, now, imported);
                return null;
            }
            X509Certificate leaf = leaves.getFirst();
            Thumbprint thumbprint = Thumbprint.of(leaf);
            RequestOutcome completed = requests.complete(tx, leaf, cas, now, options.assign());
            if (completed != null) {
                imported.add(new Imported(
                        thumbprint.hex(),
                        subject(leaf),
                        TrustStore.personal.name(),
                        true,
                        "completed pending request " + completed.requestId()));
                audit(tx, now, imported);
                return completed;
            }
            StoredCertificate existing = certificates.find(tx, thumbprint).orElse(null);
            if (existing != null && existing.store() == TrustStore.personal) {
                imported.add(new Imported(
                        thumbprint.hex(),
                        subject(leaf),
                        TrustStore.personal.name(),
                        existing.hasPrivateKey(),
                        "already in the personal store"));
                return null;
            }
            if (requested == TrustStore.personal) {
                requests.friendlyNames().refuseTaken(tx, options.friendlyName(), thumbprint);
                certificates.put(tx, leaf, TrustStore.personal, options.friendlyName(), null, now);
                imported.add(new Imported(
                        thumbprint.hex(),
                        subject(leaf),
                        TrustStore.personal.name(),
                        false,
                        "no private key on this server: it cannot be assigned"));
                audit(tx, now, imported);
                return null;
            }
            throw new CertwizException(
                    Failure.NOT_FOUND,
                    "no pending request matches this certificate's key (" + subject(leaf)
                            + "); if it is a reply, see the pending requests; to keep it without a key (a peer's"
                            + " certificate, which cannot be assigned), import it into the personal store",
                    List.of(new Problem(KEEP_WITHOUT_KEY, "import it into the personal store to keep it")));
        });
        return new ImportOutcome(imported, completion);
    }

    /**
     * Puts one CA certificate where it belongs. Trust is never given or taken silently: a lone self-signed
     * CA goes to root only when root was asked for, and a held CA moves between root and intermediate only
     * with {@code move}; what a move changes is said in the note.
     */
    private Imported putCa(
            Transaction tx, X509Certificate ca, TrustStore requested, boolean single, boolean move, Instant now) {
        boolean selfSigned = CertificateDetails.isSelfSigned(ca);
        Thumbprint thumbprint = Thumbprint.of(ca);
        String subject = subject(ca);
        TrustStore target;
        String note = null;
        if (requested == TrustStore.root) {
            target = selfSigned || single ? TrustStore.root : TrustStore.intermediate;
        } else if (requested == TrustStore.intermediate) {
            target = TrustStore.intermediate;
        } else {
            target = null; // where it is, or intermediate when new
        }
        StoredCertificate existing = certificates.find(tx, thumbprint).orElse(null);
        if (existing != null && existing.store() == TrustStore.personal) {
            return new Imported(
                    thumbprint.hex(),
                    subject,
                    existing.store().name(),
                    existing.hasPrivateKey(),
                    "already in the personal store");
        }
        if (existing != null && (target == null || target == existing.store())) {
            return new Imported(
                    thumbprint.hex(),
                    subject,
                    existing.store().name(),
                    false,
                    existing.store() == TrustStore.root ? "already trusted" : "already in the intermediate store");
        }
        if (existing != null) {
            // A move between root and intermediate: trust given (asked for by naming root) or taken away
            // (only when the move itself is asked for).
            boolean out = existing.store() == TrustStore.root;
            if (out && !move) {
                List<String> broken = brokenBy(tx, ca, target, now, true);
                throw CertwizException.refused(
                        subject + " is a trusted root in the root store; importing it into " + target
                                + " takes its trust away"
                                + (broken.isEmpty() ? "" : ", which breaks " + String.join("; ", broken))
                                + ": nothing was imported; move it explicitly to do so",
                        List.of(new Problem(MOVE_IS_EXPLICIT, "moving " + thumbprint + " needs to be asked for")));
            }
            List<String> broken = out ? brokenBy(tx, ca, target, now, false) : List.of();
            if (!out) {
                certificates.put(tx, ca, target, null, null, now);
            }
            return new Imported(
                    thumbprint.hex(),
                    subject,
                    target.name(),
                    false,
                    out
                            ? "moved out of the root store: no longer trusted"
                                    + (broken.isEmpty() ? "" : "; this breaks " + String.join("; ", broken))
                            : "moved from intermediate to root: now trusted, and so is every certificate that chains"
                                    + " to it");
        }
        if (target == null) {
            if (selfSigned && single) {
                throw CertwizException.refused(
                        subject + " is a self-signed root CA; trusting it is a choice to make explicitly: import it"
                                + " into the root store (every certificate that chains to it becomes trusted)",
                        List.of(new Problem(TRUST_IS_EXPLICIT, "trusting " + thumbprint + " needs to be asked for")));
            }
            target = TrustStore.intermediate;
            if (selfSigned) {
                note = "a root that came in a chain is not trusted silently: import it into the root store to"
                        + " trust it";
            }
        } else if (target == TrustStore.root) {
            note = "now trusted: every certificate that chains to it is trusted";
        }
        certificates.put(tx, ca, target, null, null, now);
        return new Imported(thumbprint.hex(), subject, target.name(), false, note);
    }

    /** What moving a trusted root to {@code target} breaks; {@code undo} when only asking. */
    private List<String> brokenBy(Transaction tx, X509Certificate ca, TrustStore target, Instant now, boolean undo) {
        Instant at = now;
        List<String> broken = held.chainsBrokenBy(tx, at, () -> certificates.put(tx, ca, target, null, null, at));
        if (undo) {
            certificates.put(tx, ca, TrustStore.root, null, null, now);
        }
        return broken;
    }

    private ImportOutcome importWithKey(CertificateBundle bundle, Options options, Instant now) {
        if (options.store() == TrustStore.root || options.store() == TrustStore.intermediate) {
            throw CertwizException.badUsage(
                    "a file with a private key goes to the personal store, not " + options.store());
        }
        X509Certificate leaf = bundle.certificates().getFirst();
        PrivateKey key = bundle.privateKey().orElseThrow();
        if (!KeyMatch.matches(key, leaf.getPublicKey())) {
            throw CertwizException.refused("the private key does not match the certificate " + subject(leaf));
        }
        if (CertificateDetails.isCa(leaf)) {
            throw CertwizException.refused("a CA certificate offered as a server certificate: " + subject(leaf)
                    + "; certwiz keeps no CA keys from files");
        }
        List<Imported> imported = new ArrayList<>();
        Thumbprint thumbprint = Thumbprint.of(leaf);
        store.write(tx -> {
            imported.clear();
            StoredCertificate existing = certificates.find(tx, thumbprint).orElse(null);
            if (existing != null && existing.hasPrivateKey()) {
                imported.add(new Imported(
                        thumbprint.hex(),
                        subject(leaf),
                        existing.store().name(),
                        true,
                        "already in the personal store with its key"));
            } else {
                requests.friendlyNames().refuseTaken(tx, options.friendlyName(), thumbprint);
                long keyId = vault.add(
                        tx,
                        keys,
                        KeyOwner.CERTIFICATE,
                        key,
                        leaf.getPublicKey().getEncoded(),
                        options.exportable(),
                        now);
                certificates.put(tx, leaf, TrustStore.personal, options.friendlyName(), keyId, now);
                imported.add(new Imported(
                        thumbprint.hex(),
                        subject(leaf),
                        TrustStore.personal.name(),
                        true,
                        options.exportable() ? "private key exportable" : "private key not exportable"));
            }
            for (X509Certificate other :
                    bundle.certificates().subList(1, bundle.certificates().size())) {
                if (CertificateDetails.isCa(other)) {
                    imported.add(putCa(tx, other, null, false, false, now));
                }
            }
            audit(tx, now, imported);
            return null;
        });
        return new ImportOutcome(imported, null);
    }

    private static void refuseIfNotValidNow(X509Certificate certificate, Instant now) {
        if (now.isAfter(certificate.getNotAfter().toInstant())) {
            throw CertwizException.refused("the certificate " + subject(certificate) + " expired on "
                    + certificate.getNotAfter().toInstant());
        }
        if (now.isBefore(certificate.getNotBefore().toInstant())) {
            throw CertwizException.refused("the certificate " + subject(certificate) + " is not valid before "
                    + certificate.getNotBefore().toInstant());
        }
    }

    private static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }
}
