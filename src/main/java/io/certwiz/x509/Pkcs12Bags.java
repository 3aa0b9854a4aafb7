package io.certwiz.x509;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;

/**
 * The bags of a PKCS#12 file as BouncyCastle reads them, for what the JDK's KeyStore leaves out: CA
 * certificates without its trust attribute (openssl {@code -nokeys}, Python's cryptography), and keys
 * in plain key bags (unencrypted files). The KeyStore has checked the MAC and the password already.
 */
final class Pkcs12Bags {
    private static final Provider BC = new BouncyCastleProvider();

    /** The certificates (the key's first), the first private key, and what could not be opened. */
    record Contents(List<X509Certificate> certificates, PrivateKey key, int unopened, int keyBags) {
        /** For an error about a file that gave no certificate: what it does hold. */
        String described() {
            if (unopened > 0) {
                return " certwiz can open: " + unopened + " encrypted part" + (unopened == 1 ? "" : "s")
                        + " did not open (certwiz opens AES-encrypted parts only under a non-empty password)";
            }
            return keyBags == 0 ? " (it holds nothing)" : " (only a private key)";
        }
    }

    private Pkcs12Bags() {}

    static Contents read(byte[] data, char[] password) {
        List<Bag> bags = new ArrayList<>();
        int unopened = 0;
        PKCS12PfxPdu pfx;
        try {
            pfx = new PKCS12PfxPdu(data);
        } catch (IOException | RuntimeException e) {
            return new Contents(List.of(), null, 0, 0);
        }
        InputDecryptorProvider decryptor = decryptor(password);
        for (ContentInfo info : pfx.getContentInfos()) {
            try {
                PKCS12SafeBagFactory factory = info.getContentType().equals(PKCSObjectIdentifiers.encryptedData)
                        ? new PKCS12SafeBagFactory(info, decryptor)
                        : new PKCS12SafeBagFactory(info);
                for (PKCS12SafeBag bag : factory.getSafeBags()) {
                    bags.add(new Bag(bag.getBagValue(), localKeyId(bag)));
                }
            } catch (PKCSException | RuntimeException e) {
                unopened++;
            }
        }
        PrivateKey key = null;
        byte[] keyId = null;
        int keyBags = 0;
        for (Bag bag : bags) {
            PrivateKeyInfo info = privateKey(bag.value(), decryptor);
            if (bag.value() instanceof PrivateKeyInfo || bag.value() instanceof PKCS8EncryptedPrivateKeyInfo) {
                keyBags++;
            }
            if (info != null && key == null) {
                try {
                    key = CertificateReader.keyConverter().getPrivateKey(info);
                    keyId = bag.localKeyId();
                } catch (IOException e) {
                    // An unknown key algorithm: the certificates still count.
                }
            }
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (Bag bag : bags) {
            if (bag.value() instanceof X509CertificateHolder holder) {
                X509Certificate certificate = CertificateReader.certificate(holder);
                if (keyId != null && Arrays.equals(keyId, bag.localKeyId())) {
                    certificates.addFirst(certificate);
                } else {
                    certificates.add(certificate);
                }
            }
        }
        return new Contents(certificates, key, unopened, keyBags);
    }

    private record Bag(Object value, byte[] localKeyId) {}

    private static PrivateKeyInfo privateKey(Object value, InputDecryptorProvider decryptor) {
        if (value instanceof PrivateKeyInfo info) {
            return info;
        }
        if (value instanceof PKCS8EncryptedPrivateKeyInfo encrypted && decryptor != null) {
            try {
                return encrypted.decryptPrivateKeyInfo(decryptor);
            } catch (PKCSException | RuntimeException e) {
                return null;
            }
        }
        return null;
    }

    private static InputDecryptorProvider decryptor(char[] password) {
        try {
            return new JcePKCSPBEInputDecryptorProviderBuilder().setProvider(BC).build(password);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static byte[] localKeyId(PKCS12SafeBag bag) {
        for (Attribute attribute : bag.getAttributes() == null ? new Attribute[0] : bag.getAttributes()) {
            if (attribute.getAttrType().equals(PKCSObjectIdentifiers.pkcs_9_at_localKeyId)) {
                ASN1Encodable value = attribute.getAttrValues().getObjectAt(0);
                if (value instanceof ASN1OctetString octets) {
                    return octets.getOctets();
                }
            }
        }
        return null;
    }
}
