package io.certwiz.acme.client;

import io.certwiz.DataDirectory;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether a certwiz server that answers http-01 challenges runs on a data directory: the server holds
 * a lock on {@code acme-responder.lock} there while it is up; the operating system drops the lock
 * when the process ends, however it ends.
 */
public final class ServerPresence implements AutoCloseable {
    static final String LOCK_FILE = "acme-responder.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private ServerPresence(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    private static Path file(DataDirectory data) {
        return data.path().resolve(LOCK_FILE);
    }

    /** Marks the server up until closed; null when another process already holds the mark. */
    public static ServerPresence hold(DataDirectory data) {
        try {
            FileChannel channel = FileChannel.open(file(data), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return new ServerPresence(channel, lock);
                }
            } catch (OverlappingFileLockException e) {
                // Held in this process already.
            }
            channel.close();
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** True while a server holds the mark. */
    public static boolean isUp(DataDirectory data) {
        Path file = file(data);
        if (!file.toFile().exists()) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // The process ending releases it too.
        }
    }
}
