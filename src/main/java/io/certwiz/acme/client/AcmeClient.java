package io.certwiz.acme.client;

import io.certwiz.CertwizException;
import io.certwiz.ca.CertificateAuthority;
import io.certwiz.ca.EmbeddedCa;
import io.certwiz.crypto.KeyVault;
import io.certwiz.crypto.StoredKey;
import io.certwiz.store.DataDirectory;
import io.certwiz.store.Transaction;
import io.certwiz.x509.Pem;
import io.certwiz.x509.Thumbprint;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Metadata;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * The ACME CAs certwiz requests from: {@code certwiz ca add|list|remove}, and each registered CA as a
 * {@link CertificateAuthority} for {@code certwiz request --ca NAME}.
 */
public final class AcmeClient {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private final DataDirectory data;
    private final AcmeClientStorage storage;
    private final KeyVault vault;
    private final Clock clock;
    private final String actor;

    public AcmeClient(DataDirectory data, AcmeClientStorage storage, KeyVault vault, Clock clock, String actor) {
        this.data = data;
        this.storage = storage;
        this.vault = vault;
        this.clock = clock;
        this.actor = actor;
    }

    /** What {@code certwiz ca add} takes. */
    public record AddSpec(
            String name,
            String directoryUrl,
            Path caBundle,
            List<String> contacts,
            String eabKid,
            Path eabHmacFile,
            String profile) {}

    /** Registers an account at the CA, agreeing to its terms, and keeps it under {@code name}. */
    public CaView add(AddSpec spec) {
        String name = spec.name() == null ? "" : spec.name().strip();
        if (!NAME.matcher(name).matches()) {
            throw CertwizException.badUsage("a CA name is 1-63 letters, digits, '.', '_' or '-', not '" + name + "'");
        }
        if (name.equals(EmbeddedCa.NAME)) {
            throw CertwizException.badUsage("'embedded' is the embedded CA's name; pick another");
        }
        if (storage.store().read(tx -> storage.records().account(tx, name)).isPresent()) {
            throw CertwizException.badUsage("a CA named '" + name + "' exists already; remove it first");
        }
        String directory = AcmeSessions.directory(spec.directoryUrl()).toString();
        if ((spec.eabKid() == null) != (spec.eabHmacFile() == null)) {
            throw CertwizException.badUsage("external account binding needs both --eab-kid and --eab-hmac-file");
        }
        String bundle = spec.caBundle() == null
                ? null
                : Pem.certificates(AcmeSessions.bundle(read(spec.caBundle(), "CA bundle")));
        List<String> contacts = contacts(spec.contacts());
        String hmac = spec.eabHmacFile() == null ? null : firstLine(spec.eabHmacFile());
        String profile = spec.profile() == null || spec.profile().isBlank()
                ? null
                : spec.profile().strip();

        Session session = AcmeSessions.open(directory, bundle);
        KeyPair keys = newAccountKey();
        Account account;
        Metadata metadata;
        try {
            metadata = session.getMetadata();
            if (metadata.isExternalAccountRequired() && spec.eabKid() == null) {
                throw CertwizException.badUsage("the CA at " + directory
                        + " requires external account binding: pass --eab-kid K --eab-hmac-file F from the CA");
            }
            if (profile != null && !metadata.isProfileAllowed(profile)) {
                throw CertwizException.badUsage("the CA at " + directory + " offers no profile '" + profile + "' ("
                        + (metadata.getProfiles().isEmpty()
                                ? "it offers no profiles"
                                : "it offers "
                                        + String.join(
                                                ", ",
                                                metadata.getProfiles().stream()
                                                        .sorted()
                                                        .toList()))
                        + ")");
            }
            AccountBuilder builder =
                    new AccountBuilder().agreeToTermsOfService().useKeyPair(keys);
            contacts.forEach(builder::addContact);
            if (spec.eabKid() != null) {
                builder.withKeyIdentifier(spec.eabKid(), hmac);
            }
            account = builder.create(session);
        } catch (AcmeException
                | org.shredzone.acme4j.exception.AcmeProtocolException
                | org.shredzone.acme4j.exception.AcmeLazyLoadingException e) {
            throw AcmeErrors.wrap(name, directory, "the account registration", e);
        } catch (IllegalArgumentException e) {
            throw CertwizException.badUsage("cannot register at " + directory + ": " + AcmeErrors.message(e));
        }
        String terms = metadata.getTermsOfService().map(URI::toString).orElse(null);
        Instant now = clock.instant();
        AcmeAccountRecord record = storage.store().write(tx -> {
            if (storage.records().account(tx, name).isPresent()) {
                throw CertwizException.badUsage("a CA named '" + name + "' exists already; remove it first");
            }
            long keyId = storage.keys()
                    .add(
                            tx,
                            keys.getPrivate().getAlgorithm(),
                            keys.getPublic().getEncoded(),
                            vault.seal(keys.getPrivate()),
                            false,
                            now);
            AcmeAccountRecord added = new AcmeAccountRecord(
                    name,
                    directory,
                    account.getLocation().toString(),
                    keyId,
                    contacts,
                    bundle,
                    spec.eabKid(),
                    profile,
                    terms,
                    now);
            storage.records().addAccount(tx, added);
            storage.audit()
                    .append(
                            tx,
                            now,
                            actor,
                            "ca.add",
                            List.of(),
                            "name=" + name + " directory=" + directory + " account=" + added.accountUrl()
                                    + (spec.eabKid() == null ? "" : " eab-kid=" + spec.eabKid()));
            return added;
        });
        return CaView.of(record);
    }

    /** The embedded CA, then the ACME CAs by name. */
    public List<CaView> list() {
        List<CaView> out = new ArrayList<>();
        out.add(CaView.embedded());
        storage.store().read(tx -> storage.records().accounts(tx)).forEach(account -> out.add(CaView.of(account)));
        return out;
    }

    /**
     * Deactivates the CA's account at the CA (RFC 8555 7.3.6), then forgets the CA and its account key. When
     * the CA cannot be reached or refuses, nothing changes here. With {@code keepAccount} the CA is not
     * contacted: the account stays at the CA and only the local record and key go.
     */
    public CaView remove(String name, boolean keepAccount) {
        if (EmbeddedCa.NAME.equals(name)) {
            throw CertwizException.badUsage("the embedded CA cannot be removed");
        }
        AcmeAccountRecord account = storage.store().read(tx -> current(tx, name));
        if (!keepAccount) {
            deactivate(account);
        }
        boolean deactivated = !keepAccount;
        Instant now = clock.instant();
        return storage.store().write(tx -> {
            if (!current(tx, name).accountUrl().equals(account.accountUrl())) {
                throw CertwizException.error("the CA " + name + " was replaced meanwhile; run ca remove again");
            }
            storage.records().deleteAccount(tx, name);
            storage.keys().delete(tx, account.keyId());
            storage.audit()
                    .append(
                            tx,
                            now,
                            actor,
                            "ca.remove",
                            List.of(),
                            "name=" + name + " account=" + account.accountUrl() + " deactivated=" + deactivated);
            return CaView.of(account).removed(deactivated);
        });
    }

    private AcmeAccountRecord current(Transaction tx, String name) {
        return storage.records()
                .account(tx, name)
                .orElseThrow(() -> unknown(name, storage.records().accounts(tx)));
    }

    /** Deactivates the account at its CA; fails as REFUSED, naming --keep-account, when that cannot be done. */
    private void deactivate(AcmeAccountRecord account) {
        String fix = "; nothing was removed: retry when the CA answers, or pass --keep-account to forget the CA"
                + " here only (its account stays active at the CA)";
        try {
            Session session = AcmeSessions.open(account.directoryUrl(), account.caBundlePem());
            Login login = session.login(URI.create(account.accountUrl()).toURL(), accountKey(account));
            login.getAccount().deactivate();
        } catch (AcmeException
                | org.shredzone.acme4j.exception.AcmeProtocolException
                | org.shredzone.acme4j.exception.AcmeLazyLoadingException e) {
            throw CertwizException.refused(
                    AcmeErrors.wrap(account.name(), account.directoryUrl(), "deactivating the account", e)
                                    .getMessage()
                            + fix);
        } catch (CertwizException e) {
            throw CertwizException.refused(
                    "cannot deactivate the account at the CA " + account.name() + ": " + e.getMessage() + fix);
        } catch (java.net.MalformedURLException | IllegalArgumentException e) {
            throw CertwizException.refused("the stored account URL '" + account.accountUrl() + "' of the CA "
                    + account.name() + " is malformed" + fix);
        }
    }

    /** The ACME CA registered under {@code name}, as a CA to request from. */
    public Optional<CertificateAuthority> authority(String name) {
        return storage.store()
                .read(tx -> storage.records().account(tx, name))
                .map(account -> new AcmeCa(account, this));
    }

    /** The error for a CA name that is neither the embedded CA nor a registered ACME CA. */
    public CertwizException unknownCa(String name) {
        return unknown(name, storage.store().read(tx -> storage.records().accounts(tx)));
    }

    private static CertwizException unknown(String name, List<AcmeAccountRecord> accounts) {
        List<String> names = new ArrayList<>();
        names.add(EmbeddedCa.NAME);
        accounts.forEach(a -> names.add(a.name()));
        return CertwizException.notFound("no CA named '" + name + "'; the CAs here: " + String.join(", ", names));
    }

    /** What certwiz recorded about an ACME-issued certificate, when it came from an ACME CA. */
    public Optional<AcmeIssuedRecord> issued(Thumbprint thumbprint) {
        return storage.store().read(tx -> storage.records().issued(tx, thumbprint));
    }

    // --- for AcmeCa

    AcmeClientStorage storage() {
        return storage;
    }

    Clock clock() {
        return clock;
    }

    /** The account key, opened from the vault. */
    KeyPair accountKey(AcmeAccountRecord account) {
        StoredKey stored = storage.store()
                .read(tx -> storage.keys().find(tx, account.keyId()))
                .orElseThrow(
                        () -> CertwizException.error("the account key of the CA " + account.name() + " is missing"));
        try {
            KeyFactory factory = KeyFactory.getInstance(stored.algorithm());
            // Re-read with the JDK's provider: acme4j's JWS signing expects its keys.
            java.security.PrivateKey opened = vault.open(stored.sealed(), stored.algorithm());
            return new KeyPair(
                    factory.generatePublic(new X509EncodedKeySpec(stored.publicKey())),
                    factory.generatePrivate(new PKCS8EncodedKeySpec(opened.getEncoded())));
        } catch (GeneralSecurityException e) {
            throw CertwizException.error(
                    "cannot open the account key of the CA " + account.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Who answers the challenges: the running server when it is up with a listener for the challenge
     * and no responder was named, else certwiz's own short-lived responder (bound now, before anything
     * is ordered).
     */
    ChallengeResponder responder(AcmeOptions options) {
        if (options.responder() == null && data != null && ServerPresence.isUp(data, options.challenge())) {
            return new StoreResponder(storage, clock, options.challenge());
        }
        return StandaloneResponder.start(
                options.challenge(), ResponderAddress.parse(options.responder(), options.challenge()));
    }

    private static KeyPair newAccountKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw CertwizException.error("cannot make an account key: " + e.getMessage(), e);
        }
    }

    private static List<String> contacts(List<String> given) {
        List<String> out = new ArrayList<>();
        for (String contact : given == null ? List.<String>of() : given) {
            String value = contact.strip();
            if (!value.contains(":") && value.contains("@")) {
                value = "mailto:" + value;
            }
            if (!value.startsWith("mailto:") || value.length() <= "mailto:".length() || value.contains(",")) {
                throw CertwizException.badUsage("--contact takes mailto:ADDRESS, not '" + contact + "'");
            }
            out.add(value);
        }
        return out;
    }

    private static byte[] read(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw CertwizException.notFound("cannot read the " + what + " " + file + ": " + AcmeErrors.message(e));
        }
    }

    private static String firstLine(Path file) {
        String text = new String(read(file, "EAB MAC key file"), StandardCharsets.UTF_8);
        String line = text.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .findFirst()
                .orElse("");
        if (line.isEmpty()) {
            throw CertwizException.badUsage("the EAB MAC key file " + file + " is empty");
        }
        return line;
    }
}
