package io.certwiz.interop;

import static io.certwiz.testing.Tools.openssl;

import io.certwiz.testing.Cli;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A root and an intermediate CA made with the {@code openssl} command line and proper v3 extensions,
 * which signs requests the way a CA administrator would with {@code openssl x509 -req}.
 */
final class OpensslCa {
    final Path dir;
    final Path rootKey;
    final Path root;
    final Path intermediateKey;
    final Path intermediate;
    final String rootName;
    final String intermediateName;

    private OpensslCa(Path dir, String prefix) {
        this.dir = dir;
        this.rootKey = dir.resolve(prefix + "-root.key");
        this.root = dir.resolve(prefix + "-root.pem");
        this.intermediateKey = dir.resolve(prefix + "-intermediate.key");
        this.intermediate = dir.resolve(prefix + "-intermediate.pem");
        this.rootName = prefix + " OpenSSL Root CA";
        this.intermediateName = prefix + " OpenSSL Issuing CA";
    }

    /** Makes the root (self-signed) and the intermediate (signed by the root) in {@code dir}. */
    static OpensslCa create(Path dir, String prefix) {
        OpensslCa ca = new OpensslCa(dir, prefix);
        openssl(
                        dir,
                        "req",
                        "-x509",
                        "-newkey",
                        "ec",
                        "-pkeyopt",
                        "ec_paramgen_curve:P-256",
                        "-nodes",
                        "-keyout",
                        ca.rootKey.toString(),
                        "-out",
                        ca.root.toString(),
                        "-days",
                        "3650",
                        "-sha256",
                        "-subj",
                        "/O=certwiz interop/CN=" + ca.rootName,
                        "-addext",
                        "basicConstraints=critical,CA:TRUE",
                        "-addext",
                        "keyUsage=critical,keyCertSign,cRLSign",
                        "-addext",
                        "subjectKeyIdentifier=hash")
                .ok();
        Path csr = dir.resolve(prefix + "-intermediate.csr");
        openssl(
                        dir,
                        "req",
                        "-new",
                        "-newkey",
                        "ec",
                        "-pkeyopt",
                        "ec_paramgen_curve:P-256",
                        "-nodes",
                        "-keyout",
                        ca.intermediateKey.toString(),
                        "-out",
                        csr.toString(),
                        "-subj",
                        "/O=certwiz interop/CN=" + ca.intermediateName)
                .ok();
        Path ext = Cli.writeString(
                dir.resolve(prefix + "-intermediate.ext"),
                String.join(
                                "\n",
                                List.of(
                                        "basicConstraints=critical,CA:TRUE,pathlen:0",
                                        "keyUsage=critical,keyCertSign,cRLSign",
                                        "subjectKeyIdentifier=hash",
                                        "authorityKeyIdentifier=keyid:always"))
                        + "\n");
        openssl(
                        dir,
                        "x509",
                        "-req",
                        "-in",
                        csr.toString(),
                        "-CA",
                        ca.root.toString(),
                        "-CAkey",
                        ca.rootKey.toString(),
                        "-set_serial",
                        "0x" + Long.toHexString(System.nanoTime()),
                        "-days",
                        "1825",
                        "-sha256",
                        "-extfile",
                        ext.toString(),
                        "-out",
                        ca.intermediate.toString())
                .ok();
        return ca;
    }

    /**
     * Signs a PEM request with the intermediate as a server certificate: its SANs copied from the
     * request, serverAuth and clientAuth, valid for {@code days}.
     */
    Path sign(Path csr, Path out, int days) {
        Path ext = Cli.writeString(
                dir.resolve(out.getFileName() + ".ext"),
                String.join(
                                "\n",
                                List.of(
                                        "basicConstraints=critical,CA:FALSE",
                                        "keyUsage=critical,digitalSignature",
                                        "extendedKeyUsage=serverAuth,clientAuth",
                                        "subjectKeyIdentifier=hash",
                                        "authorityKeyIdentifier=keyid"))
                        + "\n");
        openssl(
                        dir,
                        "x509",
                        "-req",
                        "-in",
                        csr.toString(),
                        "-CA",
                        intermediate.toString(),
                        "-CAkey",
                        intermediateKey.toString(),
                        "-set_serial",
                        "0x" + Long.toHexString(System.nanoTime()),
                        "-days",
                        String.valueOf(days),
                        "-sha256",
                        "-copy_extensions",
                        "copyall",
                        "-extfile",
                        ext.toString(),
                        "-out",
                        out.toString())
                .ok();
        return out;
    }

    /**
     * A key and a server certificate for these DNS names, made entirely by openssl and signed by the
     * intermediate; returns {key, certificate}.
     */
    Path[] server(String name, List<String> dnsNames) {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        String sans = String.join(",", dnsNames.stream().map(n -> "DNS:" + n).toList());
        openssl(
                        dir,
                        "req",
                        "-new",
                        "-newkey",
                        "ec",
                        "-pkeyopt",
                        "ec_paramgen_curve:P-256",
                        "-nodes",
                        "-keyout",
                        key.toString(),
                        "-out",
                        csr.toString(),
                        "-subj",
                        "/CN=" + dnsNames.getFirst(),
                        "-addext",
                        "subjectAltName=" + sans)
                .ok();
        return new Path[] {key, sign(csr, dir.resolve(name + ".pem"), 90)};
    }

    /** The hex key identifier openssl shows, as certwiz writes it: uppercase with colons. */
    static String subjectKeyId(Path certificate) {
        String text = openssl(
                        certificate.getParent(),
                        "x509",
                        "-in",
                        certificate.toString(),
                        "-noout",
                        "-ext",
                        "subjectKeyIdentifier")
                .ok()
                .out();
        return text.lines().skip(1).findFirst().orElseThrow().strip().toUpperCase(Locale.ROOT);
    }
}
