package io.certwiz.request;

import io.certwiz.CertwizException;
import io.certwiz.crypto.Providers;
import io.certwiz.x509.SubjectAltName;
import java.io.IOException;
import java.net.InetAddress;
import java.security.KeyPair;
import java.util.List;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Makes a PKCS#10 request signed with its own key, carrying the planned subject and SANs. */
final class CsrBuilder {
    private CsrBuilder() {}

    static PKCS10CertificationRequest build(KeyPair keys, SubjectPlan plan) {
        try {
            JcaPKCS10CertificationRequestBuilder builder =
                    new JcaPKCS10CertificationRequestBuilder(plan.subject(), keys.getPublic());
            if (!plan.sans().isEmpty()) {
                ExtensionsGenerator extensions = new ExtensionsGenerator();
                extensions.addExtension(Extension.subjectAlternativeName, false, generalNames(plan.sans()));
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            }
            boolean rsa = keys.getPublic().getAlgorithm().equals("RSA");
            String algorithm = rsa ? "SHA256withRSA" : "SHA256withECDSA";
            // RSA in memory by the JDK's provider, as before; EC by BouncyCastle; a token key by its token.
            return builder.build(
                    rsa && !Providers.onDevice(keys.getPrivate())
                            ? new JcaContentSignerBuilder(algorithm).build(keys.getPrivate())
                            : Providers.signer(algorithm, keys.getPrivate()));
        } catch (OperatorCreationException | IOException e) {
            throw CertwizException.error("cannot make the request: " + e.getMessage(), e);
        }
    }

    private static GeneralNames generalNames(List<SubjectAltName> sans) throws IOException {
        GeneralName[] names = new GeneralName[sans.size()];
        for (int i = 0; i < names.length; i++) {
            SubjectAltName san = sans.get(i);
            names[i] = san.kind() == SubjectAltName.Kind.IP
                    ? new GeneralName(
                            GeneralName.iPAddress,
                            new DEROctetString(
                                    InetAddress.getByName(san.value()).getAddress()))
                    : new GeneralName(GeneralName.dNSName, san.value());
        }
        return new GeneralNames(names);
    }
}
