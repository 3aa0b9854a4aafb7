package io.certwiz.keystore;

import io.certwiz.CertwizException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;

/**
 * Reads a token's user PIN from where tokens.json says: a file only its owner may read (0600 or
 * stricter), or an environment variable. The PIN is never put in a message or a log line.
 */
final class Pins {
    private static final int MAX_BYTES = 1024;

    private Pins() {}

    static char[] read(TokenConfig config) {
        if (config.pinEnv() != null) {
            String value = System.getenv(config.pinEnv());
            if (value == null || value.isEmpty()) {
                throw CertwizException.error("token " + config.name() + ": the environment variable $" + config.pinEnv()
                        + " that tokens.json names for its PIN is not set");
            }
            return value.toCharArray();
        }
        var file = config.pinFile();
        byte[] bytes = null;
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw CertwizException.error("token " + config.name() + ": the PIN file " + file
                        + (Files.exists(file) ? " is not a regular file" : " does not exist"));
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            for (PosixFilePermission p : mode) {
                if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
                    throw CertwizException.refused("token " + config.name() + ": the PIN file " + file
                            + " may be read by others (" + java.nio.file.attribute.PosixFilePermissions.toString(mode)
                            + "); make it 0600 (chmod 600)");
                }
            }
            if (Files.size(file) > MAX_BYTES) {
                throw CertwizException.error("token " + config.name() + ": the PIN file " + file + " is too large");
            }
            bytes = Files.readAllBytes(file);
            int end = bytes.length;
            while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
                end--;
            }
            if (end == 0) {
                throw CertwizException.error("token " + config.name() + ": the PIN file " + file + " is empty");
            }
            CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes, 0, end));
            char[] pin = new char[chars.remaining()];
            chars.get(pin);
            Arrays.fill(chars.array(), '\0');
            return pin;
        } catch (NoSuchFileException e) {
            throw CertwizException.error("token " + config.name() + ": the PIN file " + file + " does not exist");
        } catch (IOException e) {
            throw CertwizException.error(
                    "token " + config.name() + ": cannot read the PIN file " + file + ": " + e.getMessage());
        } finally {
            if (bytes != null) {
                Arrays.fill(bytes, (byte) 0);
            }
        }
    }
}
