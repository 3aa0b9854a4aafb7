package io.certwiz.acme.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import io.certwiz.crypto.Providers;
import io.certwiz.x509.KeyType;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/** What finalize checks in a CSR before the CA signs it. */
final class CsrCheck {
    private CsrCheck() {}

    /**
     * A DER PKCS#10 request as finalize receives it. BouncyCastle leaves parts of a structure it does not
     * recognize null (such as the request info); those are refused here, before anything reads them.
     */
    static JcaPKCS10CertificationRequest parse(byte[] der) {
        JcaPKCS10CertificationRequest csr;
        try {
            csr = new JcaPKCS10CertificationRequest(der);
        } catch (IOException | RuntimeException e) {
            throw AcmeProblem.badCsr("the CSR cannot be parsed");
        }
        CertificationRequest structure = csr.toASN1Structure();
        CertificationRequestInfo info = structure.getCertificationRequestInfo();
        if (info == null
                || info.getSubject() == null
                || info.getSubjectPublicKeyInfo() == null
                || structure.getSignatureAlgorithm() == null
                || structure.getSignature() == null) {
            throw AcmeProblem.badCsr("the CSR cannot be parsed: it is not a PKCS#10 certification request");
        }
        csr.setProvider(Providers.bc());
        return csr;
    }

    /** The CSR must be signed by its key, name exactly the order's names, and have a key the policy takes. */
    static void check(
            JcaPKCS10CertificationRequest csr, List<String> identifiers, JWK accountKey, IssuancePolicy policy) {
        boolean signed;
        try {
            signed = csr.isSignatureValid(new JcaContentVerifierProviderBuilder()
                    .setProvider(Providers.bc())
                    .build(csr.getSubjectPublicKeyInfo()));
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            // BouncyCastle reports some malformed encodings as unchecked exceptions (a BIT STRING with pad bits).
            throw AcmeProblem.badCsr("the CSR's signature cannot be checked: " + e.getMessage());
        }
        if (!signed) {
            throw AcmeProblem.badCsr("the CSR's signature does not verify");
        }
        PublicKey key;
        try {
            key = csr.getPublicKey();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw AcmeProblem.badCsr("the CSR's public key cannot be read");
        }
        if (policy.acceptedKeyType(key) == null) {
            throw AcmeProblem.badCsr("the CSR's key (" + KeyType.describe(key) + ") is not one of the key types this"
                    + " server issues for: " + String.join(", ", policy.keyTypeIds()));
        }
        try {
            if (accountKey instanceof AsymmetricJWK asymmetric
                    && Arrays.equals(asymmetric.toPublicKey().getEncoded(), key.getEncoded())) {
                throw AcmeProblem.badCsr("the CSR's key is the account key; use a separate key for the certificate");
            }
        } catch (JOSEException e) {
            // An account key that cannot be converted cannot equal the CSR's key.
        }
        Set<String> wanted = new TreeSet<>(identifiers);
        Set<String> named = new TreeSet<>();
        Attribute[] requests = csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
        if (requests.length > 1) {
            throw AcmeProblem.badCsr("the CSR has more than one extension request");
        }
        GeneralNames sans = null;
        if (requests.length == 1) {
            try {
                Extensions extensions =
                        Extensions.getInstance(requests[0].getAttrValues().getObjectAt(0));
                sans = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
            } catch (RuntimeException e) {
                throw AcmeProblem.badCsr("the CSR's extension request cannot be read");
            }
        }
        if (sans == null) {
            throw AcmeProblem.badCsr("the CSR has no subjectAltName extension with the order's names");
        }
        for (GeneralName name : sans.getNames()) {
            if (name.getTagNo() != GeneralName.dNSName) {
                throw AcmeProblem.badCsr("the CSR asks for a subjectAltName that is not a DNS name");
            }
            named.add(name.getName().toString().toLowerCase(Locale.ROOT));
        }
        for (RDN rdn : csr.getSubject().getRDNs()) {
            for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
                if (!value.getType().equals(BCStyle.CN)) {
                    throw AcmeProblem.badCsr("the CSR's subject may hold a common name only, not "
                            + BCStyle.INSTANCE.oidToDisplayName(value.getType()));
                }
                String cn = IETFUtils.valueToString(value.getValue()).toLowerCase(Locale.ROOT);
                if (!wanted.contains(cn)) {
                    throw AcmeProblem.badCsr("the CSR's common name " + cn + " is not one of the order's names");
                }
            }
        }
        if (!named.equals(wanted)) {
            throw AcmeProblem.badCsr("the CSR names " + named + " but the order is for " + wanted);
        }
    }
}
