package io.certwiz.acme.client;

import io.certwiz.store.DataDirectory;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether a certwiz server that answers a challenge type runs on a data directory: the server holds a
 * lock on {@code acme-responder-TYPE.lock} there while the listener that answers it is up; the
 * operating system drops the lock when the process ends, however it ends.
 */
public final class ServerPresence implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private ServerPresence(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static Path file(DataDirectory data, ChallengeType type) {
        return data.path().resolve("acme-responder-" + type.id() + ".lock");
    }

    /** Marks the server up for {@code type} until closed; null when another process already holds the mark. */
    public static ServerPresence hold(DataDirectory data, ChallengeType type) {
        try {
            FileChannel channel =
                    FileChannel.open(file(data, type), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
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

    /** True while a server answering {@code type} holds the mark. */
    public static boolean isUp(DataDirectory data, ChallengeType type) {
        Path file = file(data, type);
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
