package io.certwiz.x509;

import io.certwiz.CertwizException;
import io.certwiz.x509.CertificateBundle.Format;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads certificate files in any of the formats an administrator meets: PEM (one or many
 * certificates, optionally a key), DER, PKCS#7 (.p7b) and PKCS#12 (.pfx). Every failure is a one-line
 * {@link CertwizException}.
 */
public final class CertificateReader {
    private static final Pattern EXCEPTION_NAME =
            Pattern.compile("\\b(?:[a-z_][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error): ");

    private CertificateReader() {}

    public static CertificateBundle read(byte[] data, char[] password) {
        if (data.length == 0) {
            throw CertwizException.error("the file is empty");
        }
        if (looksLikePem(data)) {
            return readPem(text(data));
        }
        ASN1Primitive primitive;
        try {
            primitive = ASN1Primitive.fromByteArray(data);
        } catch (IOException | RuntimeException e) {
            throw CertwizException.error("not a certificate file: neither PEM nor DER");
        }
        if (!(primitive instanceof ASN1Sequence sequence) || sequence.size() < 2) {
            throw CertwizException.error("not a certificate file: unexpected DER structure");
        }
        Object first = sequence.getObjectAt(0);
        if (first instanceof ASN1Integer) {
            return readPkcs12(data, password);
        }
        if (first instanceof ASN1ObjectIdentifier) {
            return new CertificateBundle(Format.PKCS7, readPkcs7(data), Optional.empty());
        }
        try {
            return new CertificateBundle(Format.DER, List.of(certificate(data)), Optional.empty());
        } catch (CertwizException e) {
            if (isCertificationRequest(sequence)) {
                throw CertwizException.error("this is a certificate request, not a certificate");
            }
            throw e;
        }
    }

    /** A DER PKCS#10 request: SEQUENCE { SEQUENCE { INTEGER version, Name, SubjectPublicKeyInfo, [0] }, ... }. */
    private static boolean isCertificationRequest(ASN1Sequence sequence) {
        try {
            org.bouncycastle.asn1.pkcs.CertificationRequest.getInstance(sequence);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Parses one DER certificate. */
    public static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate) factory().generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw CertwizException.error("malformed certificate: " + oneLine(e));
        }
    }

    public static X509Certificate certificate(X509CertificateHolder holder) {
        try {
            return certificate(holder.getEncoded());
        } catch (IOException e) {
            throw CertwizException.error("malformed certificate: " + oneLine(e));
        }
    }

    private static boolean looksLikePem(byte[] data) {
        return text(Arrays.copyOf(data, Math.min(data.length, 4096))).contains("-----BEGIN ");
    }

    /** PEM text: UTF-8, or UTF-16 after its byte order mark; byte order marks dropped (Windows editors add them). */
    private static String text(byte[] data) {
        String text;
        if (data.length >= 2 && (data[0] & 0xFF) == 0xFF && (data[1] & 0xFF) == 0xFE) {
            text = new String(data, 2, data.length - 2, StandardCharsets.UTF_16LE);
        } else if (data.length >= 2 && (data[0] & 0xFF) == 0xFE && (data[1] & 0xFF) == 0xFF) {
            text = new String(data, 2, data.length - 2, StandardCharsets.UTF_16BE);
        } else {
            text = new String(data, StandardCharsets.UTF_8);
        }
        return text.replace("\uFEFF", "");
    }

    private static CertificateBundle readPem(String text) {
        List<X509Certificate> certificates = new ArrayList<>();
        PrivateKey key = null;
        Format format = Format.PEM;
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof X509CertificateHolder holder) {
                    certificates.add(certificate(holder));
                } else if (object instanceof ContentInfo contentInfo) {
                    certificates.addAll(readPkcs7(contentInfo.getEncoded()));
                    format = Format.PKCS7;
                } else if (object instanceof PEMKeyPair pair) {
                    key = keyConverter().getPrivateKey(pair.getPrivateKeyInfo());
                } else if (object instanceof PrivateKeyInfo info) {
                    key = keyConverter().getPrivateKey(info);
                } else if (object instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw CertwizException.error(
                            "the PEM holds an encrypted private key; import the certificate alone or as a PFX");
                } else if (object instanceof PKCS10CertificationRequest) {
                    throw CertwizException.error("this is a certificate request, not a certificate");
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof CertwizException ce) {
                throw ce;
            }
            throw CertwizException.error("malformed PEM: " + oneLine(e));
        }
        if (certificates.isEmpty()) {
            throw CertwizException.error("the PEM holds no certificate" + (key == null ? "" : ", only a private key"));
        }
        return new CertificateBundle(format, certificates, Optional.ofNullable(key));
    }

    /** EC keys named "EC" as the JDK and the key vault name them, not BouncyCastle's "ECDSA". */
    static JcaPEMKeyConverter keyConverter() {
        return new JcaPEMKeyConverter().setAlgorithmMapping(X9ObjectIdentifiers.id_ecPublicKey, "EC");
    }

    private static List<X509Certificate> readPkcs7(byte[] der) {
        try {
            CMSSignedData signed = new CMSSignedData(der);
            List<X509Certificate> certificates = new ArrayList<>();
            for (X509CertificateHolder holder : signed.getCertificates().getMatches(null)) {
                certificates.add(certificate(holder));
            }
            if (certificates.isEmpty()) {
                throw CertwizException.error("the PKCS#7 file holds no certificate");
            }
            return certificates;
        } catch (CMSException | RuntimeException e) {
            if (e instanceof CertwizException ce) {
                throw ce;
            }
            throw CertwizException.error("malformed PKCS#7: " + oneLine(e));
        }
    }

    private static CertificateBundle readPkcs12(byte[] data, char[] password) {
        KeyStore store;
        char[] pass = password == null ? new char[0] : password;
        try {
            store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(data), pass);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).contains("password")) {
                throw CertwizException.error(
                        password == null
                                ? "the PFX is protected by a password: give it with --password-file"
                                : "wrong password for the PFX");
            }
            throw CertwizException.error("malformed PKCS#12: " + oneLine(e));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw CertwizException.error("malformed PKCS#12: " + oneLine(e));
        }
        List<X509Certificate> certificates = new ArrayList<>();
        PrivateKey key = null;
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && key == null) {
                    Key entry = store.getKey(alias, pass);
                    if (entry instanceof PrivateKey privateKey) {
                        key = privateKey;
                        Certificate[] chain = store.getCertificateChain(alias);
                        List<X509Certificate> ordered = new ArrayList<>();
                        for (Certificate c : chain == null ? new Certificate[0] : chain) {
                            ordered.add((X509Certificate) c);
                        }
                        certificates.addAll(0, ordered);
                    }
                } else if (store.isCertificateEntry(alias)) {
                    certificates.add((X509Certificate) store.getCertificate(alias));
                }
            }
        } catch (UnrecoverableKeyException e) {
            throw CertwizException.error(
                    password == null
                            ? "the PFX's private key is protected by a password: give it with --password-file"
                            : "wrong password for the PFX's private key");
        } catch (GeneralSecurityException e) {
            throw CertwizException.error("malformed PKCS#12: " + oneLine(e));
        }
        // The KeyStore leaves out CA certificates without its trust attribute and keys in plain key bags.
        Pkcs12Bags.Contents bags = Pkcs12Bags.read(data, pass);
        if (key == null && bags.key() != null) {
            key = bags.key();
            certificates.addAll(0, bags.certificates());
        } else {
            certificates.addAll(bags.certificates());
        }
        if (certificates.isEmpty()) {
            throw CertwizException.error("the PFX holds no certificate" + bags.described());
        }
        return new CertificateBundle(Format.PKCS12, dedupe(certificates), Optional.ofNullable(key));
    }

    private static List<X509Certificate> dedupe(List<X509Certificate> certificates) {
        List<X509Certificate> out = new ArrayList<>();
        List<Thumbprint> seen = new ArrayList<>();
        for (X509Certificate c : certificates) {
            Thumbprint t = Thumbprint.of(c);
            if (!seen.contains(t)) {
                seen.add(t);
                out.add(c);
            }
        }
        return out;
    }

    private static CertificateFactory factory() throws CertificateException {
        return CertificateFactory.getInstance("X.509");
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return "unreadable content";
        }
        // Parsers wrap causes as "java.io.IOException: text": keep the text, drop the class names.
        message = EXCEPTION_NAME.matcher(message).replaceAll("");
        return message.lines().findFirst().orElse(message).strip();
    }
}
