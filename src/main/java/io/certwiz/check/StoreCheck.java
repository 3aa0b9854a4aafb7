package io.certwiz.check;

import io.certwiz.ca.EmbeddedCa;
import io.certwiz.ca.IssuanceLedger;
import io.certwiz.ca.IssuedRecord;
import io.certwiz.certificate.CertificateRecords;
import io.certwiz.certificate.StoredCertificate;
import io.certwiz.check.CheckReport.Finding;
import io.certwiz.crypto.KeyMatch;
import io.certwiz.crypto.KeyRecords;
import io.certwiz.crypto.Providers;
import io.certwiz.crypto.StoredKey;
import io.certwiz.keystore.KeyService;
import io.certwiz.request.PendingRequest;
import io.certwiz.request.PendingRequests;
import io.certwiz.store.Settings;
import io.certwiz.store.Store;
import io.certwiz.store.Transaction;
import io.certwiz.trust.TrustStore;
import io.certwiz.usage.Assignment;
import io.certwiz.usage.Assignments;
import io.certwiz.usage.ServerIdentityRecords;
import io.certwiz.x509.CertificateReader;
import io.certwiz.x509.Thumbprint;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * {@code certwiz check}: reads the whole store in one read transaction and reports what is broken or
 * half-written: keys that do not open with the master key or do not match their public key, certificates
 * whose key is missing or another's, assignments a listener could not present, pending requests without
 * their key, an embedded CA whose certificates or keys are missing, and issued certificates the CA's
 * ledger (and so its CRL) does not know. It changes nothing.
 */
public final class StoreCheck {
    private final Store store;
    private final KeyService keyService;
    private final ServerIdentityRecords identities;
    private final Settings settings;
    private final KeyRecords keys;
    private final CertificateRecords certificates;
    private final Assignments assignments;
    private final PendingRequests requests;
    private final IssuanceLedger ledger;

    public StoreCheck(
            Store store,
            KeyService keyService,
            ServerIdentityRecords identities,
            Settings settings,
            KeyRecords keys,
            CertificateRecords certificates,
            Assignments assignments,
            PendingRequests requests,
            IssuanceLedger ledger) {
        this.store = store;
        this.keyService = keyService;
        this.identities = identities;
        this.settings = settings;
        this.keys = keys;
        this.certificates = certificates;
        this.assignments = assignments;
        this.requests = requests;
        this.ledger = ledger;
    }

    /** Checks everything; a store the database cannot read throws (exit 1), anything else is a finding. */
    public CheckReport run() {
        return store.read(tx -> new Run(tx).report());
    }

    /** A key as the check found it: opened, or why not. */
    private record KeyState(StoredKey stored, PrivateKey opened, String kind, String problem) {
        boolean sound() {
            return problem == null;
        }
    }

    private final class Run {
        private final Transaction tx;
        private final List<Finding> problems = new ArrayList<>();
        private final Map<Long, KeyState> keyStates = new HashMap<>();
        private final Set<Thumbprint> listed = new HashSet<>();
        private final Map<Thumbprint, StoredCertificate> readable = new HashMap<>();
        private final Set<Thumbprint> keyMatches = new HashSet<>();
        private X509Certificate issuingCa;
        private int assignmentCount;
        private int requestCount;

        Run(Transaction tx) {
            this.tx = tx;
        }

        CheckReport report() {
            section("the server identity", this::identity);
            section("the private keys", this::keys);
            section("the embedded CA", this::embeddedCa);
            section("the certificates", this::certificates);
            section("the assignments", this::assignments);
            section("the pending requests", this::pendingRequests);
            return new CheckReport(
                    problems.isEmpty(),
                    new CheckReport.Checked(keyStates.size(), listed.size(), assignmentCount, requestCount),
                    problems);
        }

        /** One part of the check; rows it cannot make sense of are a finding, a failing database is not. */
        private void section(String what, Runnable check) {
            try {
                check.run();
            } catch (RuntimeException e) {
                if (e.getCause() instanceof SQLException) {
                    throw e;
                }
                problems.add(
                        new Finding("UNREADABLE", "cannot read " + what + ": " + oneLine(e), null, null, null, null));
            }
        }

        private void identity() {
            if (identities.identity(tx).isEmpty()) {
                problems.add(new Finding(
                        "IDENTITY_MISSING",
                        "the store has no server identity: certwiz init did not finish",
                        null,
                        null,
                        null,
                        null));
            }
        }

        private void keys() {
            for (StoredKey key : keys.all(tx)) {
                KeyState state = open(key);
                keyStates.put(key.id(), state);
                if (!state.sound()) {
                    problems.add(keyFinding(
                            state.kind(),
                            key.id(),
                            "key " + key.id() + " (" + key.algorithm() + ") " + state.problem()));
                }
            }
        }

        private KeyState open(StoredKey key) {
            PrivateKey opened;
            try {
                opened = keyService.open(key);
            } catch (RuntimeException e) {
                return new KeyState(
                        key,
                        null,
                        "KEY_DOES_NOT_OPEN",
                        key.onToken()
                                ? "cannot be used on its token (" + key.tokenUri() + "): " + oneLine(e)
                                : "does not open: "
                                        + oneLine(e).replaceFirst("^the private key \\d+ (does not open: )?", ""));
            }
            PublicKey publicKey = publicKey(key).orElse(null);
            if (publicKey == null) {
                return new KeyState(
                        key, opened, "KEY_PUBLIC_UNREADABLE", "has a stored public key that cannot be read");
            }
            if (!KeyMatch.matches(opened, publicKey)) {
                return new KeyState(key, opened, "KEY_MISMATCH", "does not match its stored public key");
            }
            return new KeyState(key, opened, null, null);
        }

        private void embeddedCa() {
            X509Certificate root = caCertificate(EmbeddedCa.ROOT_PEM, "root");
            X509Certificate intermediate = caCertificate(EmbeddedCa.INTERMEDIATE_PEM, "issuing");
            caKey(EmbeddedCa.ROOT_KEY, "root", root);
            caKey(EmbeddedCa.INTERMEDIATE_KEY, "issuing", intermediate);
            if (root != null && intermediate != null) {
                if (signedBy(intermediate, root)) {
                    issuingCa = intermediate;
                } else {
                    problems.add(caFinding("CA_CHAIN_BROKEN", "the embedded issuing CA is not signed by its root"));
                }
            }
        }

        private X509Certificate caCertificate(String setting, String which) {
            Optional<String> pem = settings.get(tx, setting);
            if (pem.isEmpty()) {
                problems.add(caFinding("CA_MISSING", "the embedded " + which + " CA's certificate is missing"));
                return null;
            }
            try {
                return CertificateReader.read(pem.get().getBytes(StandardCharsets.US_ASCII), null)
                        .certificates()
                        .getFirst();
            } catch (RuntimeException e) {
                problems.add(caFinding(
                        "CA_CERTIFICATE_UNREADABLE",
                        "the embedded " + which + " CA's certificate cannot be read: " + oneLine(e)));
                return null;
            }
        }

        private void caKey(String setting, String which, X509Certificate certificate) {
            Optional<String> id = settings.get(tx, setting);
            Long keyId = id.map(StoreCheck::parseId).orElse(null);
            KeyState state = keyId == null ? null : keyStates.get(keyId);
            if (state == null) {
                problems.add(new Finding(
                        "CA_KEY_MISSING",
                        "the embedded " + which + " CA's key "
                                + id.map(i -> i + " ").orElse("") + "is missing",
                        null,
                        keyId,
                        null,
                        null));
            } else if (!state.sound()) {
                problems.add(keyFinding(
                        "CA_KEY_UNUSABLE",
                        keyId,
                        "the embedded " + which + " CA's key " + keyId + " " + state.problem()));
            } else if (certificate != null && !KeyMatch.matches(state.opened(), certificate.getPublicKey())) {
                problems.add(keyFinding(
                        "CA_KEY_MISMATCH",
                        keyId,
                        "the embedded " + which + " CA's key " + keyId + " does not match its certificate"));
            }
        }

        private void certificates() {
            for (Thumbprint thumbprint : certificates.thumbprints(tx)) {
                listed.add(thumbprint);
                StoredCertificate stored;
                try {
                    stored = certificates.find(tx, thumbprint).orElseThrow();
                } catch (RuntimeException e) {
                    if (e.getCause() instanceof SQLException) {
                        throw e;
                    }
                    problems.add(certificateFinding(
                            "CERTIFICATE_UNREADABLE",
                            thumbprint,
                            "certificate " + thumbprint.hex() + " cannot be read: " + oneLine(e)));
                    continue;
                }
                readable.put(thumbprint, stored);
                if (!Thumbprint.of(stored.certificate()).equals(thumbprint)) {
                    problems.add(certificateFinding(
                            "CERTIFICATE_THUMBPRINT_MISMATCH",
                            thumbprint,
                            "certificate " + thumbprint.hex() + " is stored under a thumbprint that is not its own"));
                }
                if (stored.keyId() != null) {
                    certificateKey(stored);
                }
                if (issuingCa != null) {
                    ledgerRecord(stored);
                }
            }
        }

        private void certificateKey(StoredCertificate stored) {
            KeyState state = keyStates.get(stored.keyId());
            String name = "certificate " + stored.thumbprint().hex();
            if (state == null) {
                problems.add(new Finding(
                        "CERTIFICATE_KEY_MISSING",
                        name + " points at key " + stored.keyId() + ", which does not exist",
                        stored.thumbprint().hex(),
                        stored.keyId(),
                        null,
                        null));
                return;
            }
            PublicKey certificateKey = stored.certificate().getPublicKey();
            boolean matches = Arrays.equals(state.stored().publicKey(), certificateKey.getEncoded())
                    || (state.opened() != null && KeyMatch.matches(state.opened(), certificateKey));
            if (matches) {
                keyMatches.add(stored.thumbprint());
            } else {
                problems.add(new Finding(
                        "CERTIFICATE_KEY_MISMATCH",
                        name + " points at key " + stored.keyId() + ", which is not the key of its public key",
                        stored.thumbprint().hex(),
                        stored.keyId(),
                        null,
                        null));
            }
        }

        /** A certificate the embedded CA signed was recorded with its issuance, for the CRL. */
        private void ledgerRecord(StoredCertificate stored) {
            X509Certificate certificate = stored.certificate();
            if (!certificate.getIssuerX500Principal().equals(issuingCa.getSubjectX500Principal())
                    || !signedBy(certificate, issuingCa)) {
                return;
            }
            Optional<IssuedRecord> record = ledger.find(tx, certificate.getSerialNumber());
            if (record.isEmpty() || !record.get().thumbprint().equals(stored.thumbprint())) {
                problems.add(certificateFinding(
                        "ISSUANCE_UNRECORDED",
                        stored.thumbprint(),
                        "certificate " + stored.thumbprint().hex() + " was issued by the embedded CA, whose ledger"
                                + " (and CRL) does not know it under serial "
                                + certificate.getSerialNumber().toString(16)));
            }
        }

        private void assignments() {
            for (Assignment assignment : assignments.all(tx)) {
                assignmentCount++;
                String reason = unusable(assignment.thumbprint());
                if (reason != null) {
                    boolean missing = !listed.contains(assignment.thumbprint());
                    problems.add(new Finding(
                            missing ? "ASSIGNMENT_CERTIFICATE_MISSING" : "ASSIGNMENT_UNUSABLE",
                            "usage " + assignment.usage().name() + " is assigned certificate "
                                    + assignment.thumbprint().hex() + ", which " + reason,
                            assignment.thumbprint().hex(),
                            null,
                            null,
                            assignment.usage().name()));
                }
            }
        }

        /** Why a listener could not present this certificate, or null when it could. */
        private String unusable(Thumbprint thumbprint) {
            StoredCertificate stored = readable.get(thumbprint);
            if (stored == null) {
                return listed.contains(thumbprint) ? "cannot be read" : "is missing";
            }
            if (stored.store() != TrustStore.personal) {
                return "is in the " + stored.store() + " store, not personal";
            }
            if (stored.keyId() == null) {
                return "has no private key";
            }
            KeyState key = keyStates.get(stored.keyId());
            if (key == null) {
                return "has lost its private key " + stored.keyId();
            }
            if (!key.sound()) {
                return "has a private key that " + key.problem();
            }
            if (!keyMatches.contains(thumbprint)) {
                return "has another certificate's private key";
            }
            return null;
        }

        private void pendingRequests() {
            for (PendingRequest request : requests.all(tx)) {
                requestCount++;
                KeyState key = keyStates.get(request.keyId());
                String name = "pending request " + request.id();
                if (key == null) {
                    problems.add(requestFinding(
                            "REQUEST_KEY_MISSING",
                            request,
                            name + " has lost its private key " + request.keyId()
                                    + ": the CA's reply can never be imported"));
                    continue;
                }
                byte[] csrKey = csrPublicKey(request.csrPem());
                if (csrKey == null) {
                    problems.add(requestFinding(
                            "REQUEST_CSR_UNREADABLE",
                            request,
                            name + " holds a certificate request that cannot be read"));
                } else if (!Arrays.equals(csrKey, key.stored().publicKey())) {
                    problems.add(requestFinding(
                            "REQUEST_KEY_MISMATCH",
                            request,
                            name + " points at key " + request.keyId() + ", which is not the key it requested for"));
                }
            }
        }

        private Finding keyFinding(String kind, Long keyId, String message) {
            return new Finding(kind, message, null, keyId, null, null);
        }

        private Finding certificateFinding(String kind, Thumbprint thumbprint, String message) {
            return new Finding(kind, message, thumbprint.hex(), null, null, null);
        }

        private Finding requestFinding(String kind, PendingRequest request, String message) {
            return new Finding(kind, message, null, request.keyId(), request.id(), null);
        }

        private Finding caFinding(String kind, String message) {
            return new Finding(kind, message, null, null, null, null);
        }
    }

    private static Optional<PublicKey> publicKey(StoredKey key) {
        try {
            KeyFactory factory = key.algorithm().equals("EC")
                    ? KeyFactory.getInstance("EC", Providers.bc())
                    : KeyFactory.getInstance(key.algorithm());
            return Optional.of(factory.generatePublic(new X509EncodedKeySpec(key.publicKey())));
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey(), Providers.bc());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** The public key a PEM certificate request asks for, or null when it cannot be read. */
    private static byte[] csrPublicKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            return parser.readObject() instanceof PKCS10CertificationRequest csr
                    ? csr.getSubjectPublicKeyInfo().getEncoded()
                    : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Long parseId(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse("").strip();
    }
}
