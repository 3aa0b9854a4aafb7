package io.certwiz.limbo;

import io.certwiz.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs an x509-limbo case through the real {@code certwiz verify} with files, mapped as {@link
 * LimboHarness} maps it: {@code verify LEAF --trusted ... --untrusted ... [--at] [--dns-name|--ip] --eku}, and
 * for a case with CRLs {@code --crl ... --revocation hard --no-crl-fetch}.
 */
final class LimboCommand {
    private LimboCommand() {}

    /** What {@code certwiz verify} did on the case, its files written under {@code dir}. */
    static Cli.Result verify(Cli cli, Path dir, LimboCase testCase) throws IOException {
        Path files = Files.createDirectories(dir.resolve(testCase.id().replace("::", "_")));
        List<String> args = new ArrayList<>();
        args.add(write(files, "leaf.pem", testCase.peerCertificate()));
        for (int i = 0; i < testCase.trustedCerts().size(); i++) {
            args.add("--trusted");
            args.add(write(
                    files, "trusted-" + i + ".pem", testCase.trustedCerts().get(i)));
        }
        for (int i = 0; i < testCase.untrustedIntermediates().size(); i++) {
            args.add("--untrusted");
            args.add(write(
                    files,
                    "untrusted-" + i + ".pem",
                    testCase.untrustedIntermediates().get(i)));
        }
        if (testCase.validationTime() != null) {
            args.add("--at");
            args.add(testCase.validationTime());
        }
        LimboCase.PeerName name = testCase.expectedPeerName();
        if (name != null && "SERVER".equals(testCase.validationKind())) {
            args.add(name.kind().equals("IP") ? "--ip" : "--dns-name");
            args.add(name.value());
        }
        for (int i = 0; i < testCase.crls().size(); i++) {
            args.add("--crl");
            args.add(write(files, "crl-" + i + ".pem", testCase.crls().get(i)));
        }
        if (!testCase.crls().isEmpty()) {
            args.addAll(List.of("--revocation", "hard", "--no-crl-fetch"));
        }
        args.add("--eku");
        args.add("CLIENT".equals(testCase.validationKind()) ? "clientAuth" : "serverAuth");
        return cli.run("verify", args.toArray(String[]::new));
    }

    private static String write(Path dir, String name, String pem) throws IOException {
        return Files.writeString(dir.resolve(name), pem).toString();
    }
}
