package io.certwiz.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Throwaway SoftHSM2 tokens for the tests, in a temporary directory named by the SOFTHSM2_CONF file that
 * the build gives the test JVM (pom.xml). SoftHSM reads its token directory once per process, when the
 * module is first initialized, so the tokens every test of this JVM may use are made together, before
 * that: {@link #LEAF}, {@link #CA} and {@link #OTHER}. OpenSC's {@code pkcs11-tool} judges the objects
 * from outside.
 */
public final class TestTokens {
    public static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    public static final String PIN = "472913";
    public static final String SO_PIN = "87654321";
    /** The labels of the tokens made for this JVM. */
    public static final String LEAF = "certwiz-leaf";

    public static final String CA = "certwiz-ca";
    public static final String OTHER = "certwiz-other";

    private static Path tokenDirectory;

    private TestTokens() {}

    /** Makes the tokens once per JVM (before any test loads the module); the SOFTHSM2_CONF file in force. */
    public static synchronized Path conf() {
        String conf = System.getenv("SOFTHSM2_CONF");
        assertThat(conf)
                .as("SOFTHSM2_CONF must name a file the tests may write (pom.xml sets it for surefire and failsafe)")
                .isNotBlank();
        assertThat(LIBRARY)
                .as("SoftHSM2 (Debian package softhsm2; ./run-tests installs it)")
                .exists();
        if (tokenDirectory == null) {
            try {
                Path dir = Files.createTempDirectory("certwiz-softhsm-");
                Path tokens = Files.createDirectories(dir.resolve("tokens"));
                Path file = Path.of(conf);
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(
                        file,
                        "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n"
                                + "slots.removable = false\n");
                for (String label : List.of(LEAF, CA, OTHER)) {
                    run(List.of(
                            "softhsm2-util",
                            "--init-token",
                            "--free",
                            "--label",
                            label,
                            "--pin",
                            PIN,
                            "--so-pin",
                            SO_PIN));
                }
                tokenDirectory = tokens;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Path.of(conf);
    }

    /**
     * Writes {@code dataDir}/tokens.json naming token {@code name} (label {@code label}) with its PIN in a
     * 0600 file, and {@code defaultKeyStore} when not null.
     */
    public static void configure(Path dataDir, String name, String label, String defaultKeyStore) {
        conf();
        try {
            Files.createDirectories(dataDir);
            Path pin = dataDir.resolve(name + ".pin");
            Files.deleteIfExists(pin);
            Files.createFile(pin, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(pin, PIN + "\n");
            Files.writeString(
                    dataDir.resolve("tokens.json"),
                    "{\n"
                            + (defaultKeyStore == null ? "" : "  \"defaultKeyStore\": \"" + defaultKeyStore + "\",\n")
                            + "  \"tokens\": {\n    \"" + name + "\": {\"library\": \"" + LIBRARY
                            + "\", \"tokenLabel\": \"" + label + "\", \"pinFile\": \"" + name + ".pin\"}\n  }\n}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code pkcs11-tool --list-objects} of the token labelled {@code label}, logged in. */
    public static String listObjects(String label) {
        conf();
        return run(List.of(
                "pkcs11-tool",
                "--module",
                LIBRARY.toString(),
                "--token-label",
                label,
                "--login",
                "--pin",
                PIN,
                "--list-objects"));
    }

    /**
     * The private key object whose CKA_ID is {@code id} as pkcs11-tool prints it (its block of lines), or
     * null when the token has none.
     */
    public static String privateKeyObject(String label, byte[] id) {
        String hex = java.util.HexFormat.of().formatHex(id);
        for (String block : listObjects(label).split("(?m)^(?=\\S)")) {
            if (block.startsWith("Private Key Object") && block.contains("ID:         " + hex)) {
                return block;
            }
        }
        return null;
    }

    static String run(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            assertThat(exit).as("exit code of %s:%n%s", command, out).isZero();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
