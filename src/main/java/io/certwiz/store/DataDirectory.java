package io.certwiz.store;

import io.certwiz.CertwizException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The directory that holds a server's state: the SQLite store {@code certwiz.db} and the master key
 * {@code master.key} that seals private keys; or, for a server of a pool, {@code store.properties} that
 * says where the pool's shared PostgreSQL store is ({@link SharedStore}), and the pool's master key.
 * Created 0700; the key and the store file 0600.
 */
public final class DataDirectory {
    public static final String DATABASE = "certwiz.db";
    public static final String MASTER_KEY = "master.key";
    public static final String SHARED_STORE = "store.properties";

    private final Path path;

    public DataDirectory(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    /** {@code --data DIR}, else {@code $CERTWIZ_HOME}, else {@code ~/.certwiz}. */
    public static DataDirectory resolve(Path explicit) {
        if (explicit != null) {
            return new DataDirectory(explicit);
        }
        String home = System.getenv("CERTWIZ_HOME");
        if (home != null && !home.isBlank()) {
            return new DataDirectory(Path.of(home));
        }
        return new DataDirectory(Path.of(System.getProperty("user.home"), ".certwiz"));
    }

    public Path path() {
        return path;
    }

    public Path database() {
        return path.resolve(DATABASE);
    }

    public Path masterKeyFile() {
        return path.resolve(MASTER_KEY);
    }

    public Path sharedStoreFile() {
        return path.resolve(SHARED_STORE);
    }

    /** True when this directory has a store: its own SQLite file, or a pool's shared store. */
    public boolean hasStore() {
        return Files.exists(database()) || Files.exists(sharedStoreFile());
    }

    /** The pool's shared store this server uses, if it is a server of a pool. */
    public Optional<SharedStore> sharedStore() {
        Path file = sharedStoreFile();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(SharedStore.decode(Files.readAllBytes(file), file.toString()));
        } catch (IOException e) {
            throw CertwizException.error("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public void writeSharedStore(SharedStore store) {
        writeSecret(sharedStoreFile(), store.encoded());
    }

    public void create() {
        try {
            if (!Files.isDirectory(path)) {
                Files.createDirectories(path);
            }
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException | UnsupportedOperationException e) {
            throw CertwizException.error("cannot create the data directory " + path + ": " + e.getMessage(), e);
        }
    }

    public byte[] readMasterKey() {
        return readMasterKey(masterKeyFile());
    }

    /** A master key file as {@link #writeMasterKey} writes it (base64, one line). */
    public static byte[] readMasterKey(Path file) {
        try {
            return Base64.getDecoder().decode(Files.readString(file).strip());
        } catch (IOException | IllegalArgumentException e) {
            throw CertwizException.error("cannot read the master key " + file + ": keys cannot be opened");
        }
    }

    public void writeMasterKey(byte[] key) {
        writeSecret(masterKeyFile(), encodeMasterKey(key));
    }

    /** A master key as its file holds it: base64, one line. */
    public static byte[] encodeMasterKey(byte[] key) {
        return (Base64.getEncoder().encodeToString(key) + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Writes a file that holds a secret, atomically: created 0600 before any byte is written. */
    public static void writeSecret(Path file, byte[] content) {
        writeAtomically(file, content, PosixFilePermissions.fromString("rw-------"));
    }

    /** Writes a file that holds no secret, atomically (0644). */
    public static void writePublic(Path file, byte[] content) {
        writeAtomically(file, content, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /**
     * Writes {@code content} to a temporary file beside {@code file}, made with {@code permissions}, and
     * moves it over {@code file} in one step: a reader sees the old content or the new, never a part.
     */
    private static void writeAtomically(Path file, byte[] content, Set<PosixFilePermission> permissions) {
        try {
            Path temp = Files.createTempFile(
                    file.toAbsolutePath().getParent(),
                    ".certwiz-",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(permissions));
            try {
                // The umask may have narrowed what createTempFile set; a public file must be readable.
                Files.setPosixFilePermissions(temp, permissions);
                Files.write(temp, content, StandardOpenOption.TRUNCATE_EXISTING);
                Files.move(
                        temp,
                        file,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw CertwizException.error("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
