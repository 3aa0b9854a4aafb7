package io.certwiz.acme.client;

import io.certwiz.CertwizException;
import io.certwiz.ca.CertificateAuthority;
import io.certwiz.ca.Submission;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.OrderBuilder;
import org.shredzone.acme4j.PollableResource;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.RenewalInfo;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeLazyLoadingException;
import org.shredzone.acme4j.exception.AcmeProtocolException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.toolbox.AcmeUtils;

/**
 * An ACME CA (RFC 8555) as a {@link CertificateAuthority}: places an order for the request's names,
 * answers each pending authorization's challenge with certwiz's own responder, finalizes with the
 * request, and downloads the chain (choosing among the alternate chains when asked). Waits honour the
 * CA's Retry-After, rate limits included, within the configured time. Records the certificate's ACME
 * Renewal Information id and, when the CA offers ARI, its suggested renewal window, in the transaction
 * that stores the certificate ({@link #submitDeferred}).
 */
public final class AcmeCa implements CertificateAuthority {
    private static final Duration FIRST_POLL = Duration.ofMillis(250);
    private static final Duration LONGEST_POLL = Duration.ofSeconds(5);

    private final AcmeAccountRecord account;
    private final AcmeClient client;

    AcmeCa(AcmeAccountRecord account, AcmeClient client) {
        this.account = account;
        this.client = client;
    }

    @Override
    public String name() {
        return account.name();
    }

    @Override
    public List<X509Certificate> submit(PKCS10CertificationRequest request, List<Usage> usages) {
        return recorded(order(request, AcmeOptions.defaults()));
    }

    /** Orders at once; what the CA said about the certificate is recorded in the caller's transaction. */
    @Override
    public Issued submitDeferred(PKCS10CertificationRequest request, Submission submission) {
        return order(request, submission.options() instanceof AcmeOptions options ? options : AcmeOptions.defaults());
    }

    private List<X509Certificate> recorded(Issued issued) {
        client.storage().store().write(tx -> {
            issued.record(tx);
            return null;
        });
        return issued.chain();
    }

    /** One order from placing it to the downloaded chain, with its ACME record left to write. */
    Issued order(PKCS10CertificationRequest request, AcmeOptions options) {
        List<Identifier> identifiers = identifiers(request);
        if (identifiers.isEmpty()) {
            throw CertwizException.badUsage(
                    "an ACME CA certifies DNS names and IP addresses only; the request has none");
        }
        AcmeProgress progress = options.progress();
        Deadline deadline = new Deadline(client.clock().instant().plus(options.timeout()), options.timeout());
        progress.begin("Requesting from " + name(), identifiers.size() + 2);
        try (ChallengeResponder responder = client.responder(options)) {
            Session session = AcmeSessions.open(account.directoryUrl(), account.caBundlePem());
            Login login = session.login(url(account.accountUrl()), client.accountKey(account));
            progress.note("ordering a certificate for "
                    + identifiers.stream().map(AcmeCa::describe).collect(Collectors.joining(", ")));
            Order order = call(deadline, progress, "placing the order", () -> {
                OrderBuilder builder = login.newOrder().identifiers(identifiers);
                if (account.profile() != null) {
                    builder.profile(account.profile());
                }
                if (options.replaces() != null) {
                    builder.replaces(options.replaces());
                }
                return builder.create();
            });
            authorize(order, options, responder, deadline, progress);
            waitFor(
                    order,
                    EnumSet.of(Status.READY, Status.VALID, Status.INVALID),
                    "the order to become ready",
                    deadline,
                    progress);
            if (order.getStatus() == Status.INVALID) {
                throw orderFailed(order, "before finalizing");
            }
            if (order.getStatus() == Status.READY) {
                call(deadline, progress, "finalizing the order", () -> {
                    order.execute(request);
                    return null;
                });
            }
            waitFor(
                    order,
                    EnumSet.of(Status.VALID, Status.INVALID),
                    "the certificate to be issued",
                    deadline,
                    progress);
            if (order.getStatus() == Status.INVALID) {
                throw orderFailed(order, "at finalization");
            }
            progress.step("order finalized");
            Certificate certificate = call(deadline, progress, "downloading the certificate", () -> {
                Certificate c = order.getCertificate();
                c.download();
                return c;
            });
            Chosen chosen = chooseChain(certificate, options, deadline, progress);
            List<X509Certificate> chain = chosen.certificate().getCertificateChain();
            progress.step("downloaded the certificate chain (" + chain.size() + " certificates, issued by "
                    + chosen.issuer()
                    + (chosen.alternates().isEmpty()
                            ? ""
                            : "; other chains offered: " + String.join(", ", chosen.alternates()))
                    + ")");
            AcmeIssuedRecord record = record(order, chosen, chain.getFirst(), progress);
            return new Issued(chain, tx -> client.storage().records().putIssued(tx, record));
        } catch (AcmeLazyLoadingException | AcmeProtocolException e) {
            throw AcmeErrors.wrap(name(), account.directoryUrl(), "the order", e);
        } finally {
            progress.end();
        }
    }

    // --- authorizations and challenges

    private void authorize(
            Order order, AcmeOptions options, ChallengeResponder responder, Deadline deadline, AcmeProgress progress) {
        List<Authorization> authorizations = order.getAuthorizations();
        Map<Authorization, Challenge> waiting = new LinkedHashMap<>();
        for (Authorization authorization : authorizations) {
            String identifier = describe(authorization.getIdentifier());
            Status status = authorization.getStatus();
            if (status == Status.VALID) {
                progress.step(identifier + ": already authorized");
                continue;
            }
            if (status != Status.PENDING) {
                throw authorizationFailed(
                        authorization,
                        null,
                        options,
                        responder,
                        "is " + status.name().toLowerCase(Locale.ROOT));
            }
            Challenge challenge = authorization.getChallenges().stream()
                    .filter(c -> c.getType().equals(options.challenge().id()))
                    .findFirst()
                    .orElseThrow(() -> CertwizException.error("the CA " + name() + " offers no " + options.challenge()
                            + " challenge for " + identifier + " (it offers "
                            + authorization.getChallenges().stream()
                                    .map(Challenge::getType)
                                    .collect(Collectors.joining(", "))
                            + "; authorization " + authorization.getLocation() + ")"));
            if (challenge instanceof Http01Challenge http) {
                responder.addHttp01(identifier, http.getToken(), http.getAuthorization());
            } else if (challenge instanceof TlsAlpn01Challenge tls) {
                responder.addTlsAlpn01(authorization.getIdentifier(), tls.getAuthorization());
            } else {
                throw CertwizException.error("certwiz cannot answer the " + challenge.getType() + " challenge");
            }
            progress.note(identifier + ": answering " + options.challenge() + " with " + responder.describe());
            call(deadline, progress, "starting the " + options.challenge() + " validation of " + identifier, () -> {
                challenge.trigger();
                return null;
            });
            waiting.put(authorization, challenge);
        }
        for (Map.Entry<Authorization, Challenge> entry : waiting.entrySet()) {
            Authorization authorization = entry.getKey();
            String identifier = describe(authorization.getIdentifier());
            waitFor(
                    authorization,
                    EnumSet.of(Status.VALID, Status.INVALID, Status.DEACTIVATED, Status.EXPIRED, Status.REVOKED),
                    "the validation of " + identifier,
                    deadline,
                    progress);
            responder.remove(identifier);
            if (authorization.getStatus() != Status.VALID) {
                throw authorizationFailed(authorization, entry.getValue(), options, responder, "failed");
            }
            progress.step(identifier + ": validated");
        }
    }

    private CertwizException authorizationFailed(
            Authorization authorization,
            Challenge answered,
            AcmeOptions options,
            ChallengeResponder responder,
            String what) {
        String identifier = describe(authorization.getIdentifier());
        Optional<Problem> problem = Optional.empty();
        for (Challenge challenge : authorization.getChallenges()) {
            if (challenge.getError().isPresent()
                    && (answered == null || challenge.getType().equals(answered.getType()))) {
                problem = challenge.getError();
                break;
            }
        }
        String validation = answered == null
                ? ""
                : " validating with " + options.challenge() + " answered by " + responder.describe();
        return CertwizException.error("the CA " + name() + " could not authorize " + identifier + ": authorization "
                + authorization.getLocation() + " " + what + validation
                + problem.map(p -> ": " + AcmeErrors.line(p)).orElse(""));
    }

    private CertwizException orderFailed(Order order, String when) {
        return CertwizException.error("the CA " + name() + " failed the order " + order.getLocation() + " " + when
                + order.getError().map(p -> ": " + AcmeErrors.line(p)).orElse(""));
    }

    // --- chains and renewal information

    private record Chosen(Certificate certificate, String issuer, List<String> alternates) {}

    private Chosen chooseChain(Certificate certificate, AcmeOptions options, Deadline deadline, AcmeProgress progress) {
        List<Certificate> offered = new ArrayList<>();
        offered.add(certificate);
        offered.addAll(call(deadline, progress, "listing the alternate chains", () -> {
            List<Certificate> alternates = certificate.getAlternateCertificates();
            for (Certificate alternate : alternates) {
                alternate.download();
            }
            return alternates;
        }));
        Certificate chosen = certificate;
        if (options.preferredChain() != null) {
            chosen = offered.stream()
                    .filter(c -> issuers(c.getCertificateChain()).contains(options.preferredChain()))
                    .findFirst()
                    .orElse(certificate);
            if (!issuers(chosen.getCertificateChain()).contains(options.preferredChain())) {
                progress.note(
                        "no chain offered has an issuer '" + options.preferredChain() + "'; keeping the default chain");
            }
        }
        Certificate kept = chosen;
        return new Chosen(
                chosen,
                topIssuer(chosen.getCertificateChain()),
                offered.stream()
                        .filter(c -> c != kept)
                        .map(c -> topIssuer(c.getCertificateChain()))
                        .toList());
    }

    /** The common names of every issuer in a chain, from the top. */
    static List<String> issuers(List<X509Certificate> chain) {
        List<String> names = new ArrayList<>();
        for (int i = chain.size() - 1; i >= 0; i--) {
            names.add(commonName(chain.get(i).getIssuerX500Principal()));
        }
        return names;
    }

    /** The common name of the issuer of a chain's topmost certificate (how ACME clients name chains). */
    static String topIssuer(List<X509Certificate> chain) {
        return commonName(chain.getLast().getIssuerX500Principal());
    }

    private static String commonName(X500Principal principal) {
        X500Name name = X500Name.getInstance(principal.getEncoded());
        RDN[] cn = name.getRDNs(BCStyle.CN);
        return cn.length == 0
                ? principal.getName()
                : IETFUtils.valueToString(cn[0].getFirst().getValue());
    }

    /** What the CA said about the certificate: its ARI id and, when the CA offers ARI, the suggested window. */
    private AcmeIssuedRecord record(Order order, Chosen chosen, X509Certificate leaf, AcmeProgress progress) {
        String ariId = ariId(leaf);
        Instant start = null;
        Instant end = null;
        String explanation = null;
        Instant checked = null;
        Certificate certificate = chosen.certificate();
        try {
            if (certificate.hasRenewalInfo()) {
                RenewalInfo info = certificate.getRenewalInfo();
                info.fetch();
                start = info.getSuggestedWindowStart();
                end = info.getSuggestedWindowEnd();
                explanation = info.getExplanation().map(URL::toString).orElse(null);
                checked = client.clock().instant();
                progress.note("suggested renewal window (ARI): " + start + " to " + end);
            }
        } catch (AcmeException | AcmeProtocolException | AcmeLazyLoadingException e) {
            progress.note("could not read the renewal information: " + AcmeErrors.message(e));
        }
        return new AcmeIssuedRecord(
                Thumbprint.of(leaf),
                name(),
                ariId,
                certificate.getLocation().toString(),
                order.getLocation().toString(),
                chosen.issuer(),
                chosen.alternates(),
                start,
                end,
                explanation,
                checked,
                client.clock().instant());
    }

    /** The RFC 9773 certificate identifier: base64url(authority key id) "." base64url(serial). */
    static String ariId(X509Certificate certificate) {
        try {
            return AcmeUtils.getRenewalUniqueIdentifier(certificate);
        } catch (RuntimeException e) {
            return null; // no authority key identifier
        }
    }

    // --- waiting

    record Deadline(Instant at, Duration timeout) {}

    @FunctionalInterface
    interface AcmeCall<T> {
        T call() throws AcmeException;
    }

    /** Calls the CA; waits and retries when it rate-limits with a Retry-After that fits the deadline. */
    <T> T call(Deadline deadline, AcmeProgress progress, String doing, AcmeCall<T> work) {
        while (true) {
            try {
                return work.call();
            } catch (AcmeRateLimitedException e) {
                Instant retryAt = e.getRetryAfter().orElse(null);
                if (retryAt == null || retryAt.isAfter(deadline.at())) {
                    throw AcmeErrors.wrap(name(), account.directoryUrl(), doing, e);
                }
                progress.note("rate-limited while " + doing + "; retrying at " + retryAt);
                sleepUntil(retryAt, doing);
            } catch (AcmeException | AcmeProtocolException | AcmeLazyLoadingException e) {
                throw AcmeErrors.wrap(name(), account.directoryUrl(), doing, e);
            }
        }
    }

    /** Polls until the resource reaches one of {@code done}, at the CA's Retry-After or backing off. */
    void waitFor(PollableResource resource, Set<Status> done, String what, Deadline deadline, AcmeProgress progress) {
        Duration pause = FIRST_POLL;
        Status reported = null;
        while (true) {
            Optional<Instant> retryAfter = call(deadline, progress, "waiting for " + what, resource::fetch);
            Status status = resource.getStatus();
            if (done.contains(status)) {
                return;
            }
            Instant now = client.clock().instant();
            Optional<Instant> asked = retryAfter.filter(at -> at.isAfter(now));
            Instant next = asked.orElse(now.plus(pause));
            pause = pause.multipliedBy(2).compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : pause.multipliedBy(2);
            if (!now.isBefore(deadline.at()) || asked.isPresent() && next.isAfter(deadline.at())) {
                throw timedOut(what, status, deadline, asked.orElse(null));
            }
            if (status != reported) {
                progress.note("waiting for " + what + " (" + status.name().toLowerCase(Locale.ROOT) + ")"
                        + asked.map(at -> "; the CA asks to check again at " + at)
                                .orElse(""));
                reported = status;
            }
            sleepUntil(next.isAfter(deadline.at()) ? deadline.at() : next, what);
        }
    }

    private void sleepUntil(Instant at, String what) {
        Duration left = Duration.between(client.clock().instant(), at);
        if (left.isNegative() || left.isZero()) {
            return;
        }
        long millis = left.plusNanos(999_999).toMillis(); // past the instant, never just short of it
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CertwizException.error("interrupted while " + what);
        }
    }

    private CertwizException timedOut(String what, Status status, Deadline deadline, Instant retryAt) {
        return CertwizException.error("gave up after " + deadline.timeout().toSeconds() + " s waiting for " + what
                + " at the CA " + name() + " (still " + status.name().toLowerCase(Locale.ROOT)
                + (retryAt == null ? "" : "; the CA asks to check again at " + retryAt)
                + "); raise --acme-timeout SECONDS"
                + (what.startsWith("the validation")
                        ? " or check that the CA's" + " validation requests reach the responder"
                        : ""));
    }

    // --- names

    /** The request's DNS names and IP addresses, in order, as ACME identifiers. */
    static List<Identifier> identifiers(PKCS10CertificationRequest request) {
        List<Identifier> out = new ArrayList<>();
        for (Attribute attribute : request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            Extensions extensions =
                    Extensions.getInstance(attribute.getAttrValues().getObjectAt(0));
            GeneralNames names = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
            if (names == null) {
                continue;
            }
            for (GeneralName name : names.getNames()) {
                Identifier identifier = switch (name.getTagNo()) {
                    case GeneralName.dNSName -> Identifier.dns(name.getName().toString());
                    case GeneralName.iPAddress -> Identifier.ip(address(name));
                    default -> null;
                };
                if (identifier != null && !out.contains(identifier)) {
                    out.add(identifier);
                }
            }
        }
        return out;
    }

    private static InetAddress address(GeneralName name) {
        try {
            return InetAddress.getByAddress(org.bouncycastle.asn1.ASN1OctetString.getInstance(name.getName())
                    .getOctets());
        } catch (java.net.UnknownHostException e) {
            throw CertwizException.badUsage("the request holds a malformed IP address");
        }
    }

    /** {@code dns:NAME} or {@code ip:ADDR}, as certwiz writes SANs. */
    static String describe(Identifier identifier) {
        return (identifier.getType().equals(Identifier.TYPE_IP) ? "ip:" : "dns:") + identifier.getValue();
    }

    private static URL url(String text) {
        try {
            return URI.create(text).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw CertwizException.error("the stored account URL '" + text + "' is malformed");
        }
    }
}
