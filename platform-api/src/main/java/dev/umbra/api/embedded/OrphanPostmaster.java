package dev.umbra.api.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * A postmaster left running on our data directory by a platform that died without stopping it
 * (kill -9, OOM kill): PostgreSQL refuses a second server on the directory while it lives, so the
 * next start stops it first. Only a PostgreSQL server whose working directory is this data
 * directory is ever signalled; a pid file naming anything else is stale and removed.
 */
final class OrphanPostmaster {

    private static final Logger LOG = Logger.getLogger(OrphanPostmaster.class);
    static final String PID_FILE = "postmaster.pid";

    private OrphanPostmaster() {
    }

    /** What {@code postmaster.pid} says: its first line is the pid, its second the data directory. */
    record PidFile(long pid, Path dataDir) {

        static Optional<PidFile> read(Path dataDir) {
            List<String> lines;
            try {
                lines = Files.readAllLines(dataDir.resolve(PID_FILE), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                return Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                return lines.size() < 2 ? Optional.empty()
                        : Optional.of(new PidFile(Long.parseLong(lines.get(0).strip()), Path.of(lines.get(1).strip())));
            } catch (NumberFormatException e) {
                return Optional.empty(); // a torn write by a server that died while starting: nothing to stop
            }
        }
    }

    /**
     * Stops the postmaster that still serves {@code dataDir}, if any, and removes a stale pid file.
     * Fast shutdown (SIGINT) first: it rolls back open transactions and checkpoints; immediate
     * shutdown (SIGQUIT) if that takes too long, which still has the postmaster stop its children.
     */
    static void stopIfAny(Path dataDir) {
        Optional<PidFile> pidFile = PidFile.read(dataDir);
        if (pidFile.isEmpty()) {
            return;
        }
        long pid = pidFile.get().pid();
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isPresent()) {
            boolean ours;
            try {
                ours = isPostmasterOf(pidFile.get(), pid, dataDir);
            } catch (IOException e) {
                if (process.get().isAlive()) {
                    // Removing the pid file of a server we cannot inspect could let two servers share the data.
                    LOG.warnf("Cannot tell whether pid %d, named in %s, is a PostgreSQL server of it (%s); leaving it to PostgreSQL",
                            pid, dataDir.resolve(PID_FILE), e.toString());
                    return;
                }
                ours = false;
            }
            if (ours) {
                LOG.warnf("A PostgreSQL server (pid %d) outlived the platform that started it on %s; stopping it", pid, dataDir);
                if (!signalAndWait(process.get(), "INT", Duration.ofSeconds(30))
                        && !signalAndWait(process.get(), "QUIT", Duration.ofSeconds(10))) {
                    throw new IllegalStateException("the PostgreSQL server (pid " + pid + ") on " + dataDir
                            + " does not stop; stop it and start again");
                }
            }
        }
        awaitGone(dataDir, Duration.ofSeconds(30));
        // A stale pid file whose pid now belongs to an unrelated live process would make PostgreSQL refuse to start.
        try {
            Files.deleteIfExists(dataDir.resolve(PID_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether {@code pid} is a PostgreSQL server of {@code dataDir}: the pid file names this
     * directory, and the process runs a binary called {@code postgres} in this directory.
     *
     * @throws IOException when the process cannot be inspected (gone meanwhile, or not ours to read)
     */
    static boolean isPostmasterOf(PidFile pidFile, long pid, Path dataDir) throws IOException {
        Path ours = dataDir.toRealPath();
        return Files.exists(pidFile.dataDir()) && pidFile.dataDir().toRealPath().equals(ours) && runsPostgresIn(pid, ours);
    }

    /**
     * The postmaster changes into its data directory and its children inherit that, so the working
     * directory names the data whatever path the server was given; the binary is read from
     * {@code exe}, since children rewrite their command line ("postgres: checkpointer").
     */
    private static boolean runsPostgresIn(long pid, Path realDataDir) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        Path program = Files.readSymbolicLink(proc.resolve("exe")).getFileName();
        // A binary replaced while running reads "postgres (deleted)".
        return program != null && program.toString().split(" ")[0].equals("postgres")
                && proc.resolve("cwd").toRealPath().equals(realDataDir);
    }

    /**
     * Waits for the processes of a dead server of {@code dataDir} to exit (they notice the
     * postmaster's death within moments): while they hold its shared memory, PostgreSQL refuses
     * to start on the directory.
     */
    private static void awaitGone(Path dataDir, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            Path ours = dataDir.toRealPath();
            while (ProcessHandle.allProcesses().anyMatch(p -> {
                try {
                    return runsPostgresIn(p.pid(), ours);
                } catch (IOException e) {
                    return false;
                }
            })) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("processes of an earlier PostgreSQL server still run in " + dataDir);
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an earlier PostgreSQL server to exit", e);
        }
    }

    private static boolean signalAndWait(ProcessHandle process, String signal, Duration timeout) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(10, TimeUnit.SECONDS);
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (IOException | ExecutionException e) {
            throw new IllegalStateException("cannot signal the PostgreSQL server (pid " + process.pid() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the PostgreSQL server (pid " + process.pid() + ")", e);
        }
    }
}
