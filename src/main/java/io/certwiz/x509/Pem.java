package io.certwiz.x509;

import io.certwiz.CertwizException;
import java.io.IOException;
import java.io.StringWriter;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;

/** Writes certificates, requests and keys as PEM text. */
public final class Pem {
    private Pem() {}

    public static String encode(Object object) {
        return encodeAll(List.of(object));
    }

    public static String encodeAll(List<?> objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw CertwizException.error("cannot write PEM: " + e.getMessage(), e);
        }
        return out.toString();
    }

    public static String encode(String type, byte[] der) {
        return encode(new PemObject(type, der));
    }

    public static String certificates(List<X509Certificate> certificates) {
        return encodeAll(certificates);
    }
}
