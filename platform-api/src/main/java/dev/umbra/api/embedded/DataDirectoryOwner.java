package dev.umbra.api.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one platform that may run a persistent embedded PostgreSQL on a data directory: an exclusive
 * operating-system lock on {@code <data-dir>.lock}, held for as long as the platform runs. The system
 * releases it when the process ends however it ends (kill -9 included), so holding it proves that no
 * other live platform owns the directory, and that a postmaster found running there is an orphan that
 * may be stopped. Without it, a second platform started by mistake on the same directory would stop
 * the first one's database as an orphan.
 */
final class DataDirectoryOwner implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryOwner(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the directory, or refuses at once, naming it, when another platform holds it. */
    static DataDirectoryOwner acquire(Path dataDir) throws IOException {
        Path file = dataDir.resolveSibling(dataDir.getFileName() + ".lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very JVM (a second platform in one process: tests)
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("another Umbra platform is running on " + dataDir.getParent()
                    + " (it holds " + file + "); stop it first, or give this one its own umbra.embedded.data-dir");
        }
        return new DataDirectoryOwner(channel, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
