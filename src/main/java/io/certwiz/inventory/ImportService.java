package io.certwiz.inventory;

import io.certwiz.CertwizException;
import io.certwiz.Failure;
import io.certwiz.audit.AuditLog;
import io.certwiz.certificate.CertificateRecords;
import io.certwiz.certificate.StoredCertificate;
import io.certwiz.crypto.KeyMatch;
import io.certwiz.crypto.KeyOwner;
import io.certwiz.crypto.KeyRecords;
import io.certwiz.crypto.KeyVault;
import io.certwiz.inventory.ImportOutcome.Imported;
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
 * Imports certificate files into the stores. Without a store named: a lone self-signed CA goes to
 * root, another CA to intermediate, and an end-entity certificate completes the pending request whose
 * key it matches. CA certificates that come in a chain or PFX are not trusted silently: they go to
 * intermediate, and roots reach the root store only with {@code --store root}. All or nothing.
 */
public final class ImportService {
    private final Store store;
    private final KeyVault vault;
    private final RequestService requests;
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
            CertificateRecords certificates,
            KeyRecords keys,
            AuditLog audit,
            Clock clock,
            String actor,
            Fetcher fetcher) {
        this.fetcher = fetcher;
        this.store = store;
        this.vault = vault;
        this.requests = requests;
        this.certificates = certificates;
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

    public record Options(TrustStore store, char[] password, boolean exportable, String friendlyName, boolean assign) {}

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
            TrustSnapshot trust = TrustSnapshot.load(certificates, tx);
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

    public ImportOutcome importBundle(CertificateBundle bundle, Options options) {
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
        boolean single = bundle.certificates().size() == 1 && !bundle.isChainOrPfx();
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
                imported.add(putCa(tx, ca, requested, single, now));
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
                            + "); list them with: certwiz requests");
        });
        return new ImportOutcome(imported, completion);
    }

    private Imported putCa(Transaction tx, X509Certificate ca, TrustStore requested, boolean single, Instant now) {
        boolean selfSigned = CertificateDetails.isSelfSigned(ca);
        TrustStore target;
        String note = null;
        if (requested == TrustStore.root) {
            target = selfSigned || single ? TrustStore.root : TrustStore.intermediate;
        } else if (requested == TrustStore.intermediate) {
            target = TrustStore.intermediate;
        } else if (selfSigned && single) {
            target = TrustStore.root;
        } else {
            target = TrustStore.intermediate;
            if (selfSigned) {
                note = "a root that came in a chain is not trusted silently: import it with --store root to trust it";
            }
        }
        Thumbprint thumbprint = Thumbprint.of(ca);
        StoredCertificate existing = certificates.find(tx, thumbprint).orElse(null);
        if (existing != null && existing.store() == TrustStore.root && requested != TrustStore.intermediate) {
            // Never demote a trusted root because it came again inside a chain.
            return new Imported(thumbprint.hex(), subject(ca), TrustStore.root.name(), false, "already trusted");
        }
        if (existing != null && existing.store() == TrustStore.personal) {
            return new Imported(
                    thumbprint.hex(),
                    subject(ca),
                    existing.store().name(),
                    existing.hasPrivateKey(),
                    "already in the personal store");
        }
        certificates.put(tx, ca, target, null, null, now);
        return new Imported(thumbprint.hex(), subject(ca), target.name(), false, note);
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
                    imported.add(
                            putCa(tx, other, options.store() == null ? null : TrustStore.intermediate, false, now));
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
