package dev.umbra.api.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

/**
 * A real PostgreSQL server from the binaries on the classpath (zonky), for the embedded default
 * and for tests. Running as root works: zonky starts the server through {@code unshare -U}.
 *
 * <p>Every connection needs the superuser's password (scram-sha-256, local socket and TCP alike);
 * it is made at the first start and kept in {@link DatabasePassword#fileOf}. A data directory
 * from a version that trusted local connections is converted at start. A persistent server is
 * also looked after: a server left running by a platform that was killed is stopped before the
 * next start, and a server that dies under a running platform is started again.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    public static final String USER = "postgres";
    private static final Logger LOG = Logger.getLogger(EmbeddedPostgres.class);
    private static final long WATCH_INTERVAL_MS = 1000;
    private static final String PG_HBA = """
            # Written by Umbra (and again at start if changed): each connection, local or TCP, proves the password.
            local   all          all          scram-sha-256
            host    all          all   all    scram-sha-256
            local   replication  all          scram-sha-256
            host    replication  all   all    scram-sha-256
            """;

    private final Path dataDir;
    private final boolean throwaway;
    private final int port;
    private final String password;
    private final ScheduledExecutorService watchdog;
    private DataDirectoryOwner owner; // persistent servers only
    private volatile io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private volatile ProcessHandle postmaster;
    private int restartAttempts; // guarded by this
    private boolean closed; // guarded by this

    private EmbeddedPostgres(Path dataDir, boolean throwaway, int port, String password) {
        this.dataDir = dataDir;
        this.throwaway = throwaway;
        this.port = port;
        this.password = password;
        this.watchdog = throwaway ? null : Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "umbra-embedded-postgres-watchdog");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * A server whose data survives restarts: initialised on first use, reused afterwards, and
     * restarted whenever it dies until {@link #close()}.
     */
    public static EmbeddedPostgres startPersistent(Path dataDir) {
        EmbeddedPostgres postgres = start(dataDir, false);
        postgres.watchdog.scheduleWithFixedDelay(postgres::restartIfDead, WATCH_INTERVAL_MS, WATCH_INTERVAL_MS,
                TimeUnit.MILLISECONDS);
        return postgres;
    }

    /** A throwaway server on a fresh data directory (tests). */
    public static EmbeddedPostgres startThrowaway(Path dataDir) {
        return start(dataDir, true);
    }

    private static EmbeddedPostgres start(Path dataDir, boolean throwaway) {
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres postgres = new EmbeddedPostgres(dataDir, throwaway, freePort(),
                    DatabasePassword.readOrCreate(DatabasePassword.fileOf(dataDir)));
            if (!throwaway) {
                // First the directory, then its orphans: only the owner may take a running postmaster for one.
                postgres.owner = DataDirectoryOwner.acquire(dataDir);
            }
            try {
                if (!throwaway) {
                    OrphanPostmaster.stopIfAny(dataDir);
                }
                postgres.startServer();
            } catch (IOException | RuntimeException e) {
                if (postgres.owner != null) {
                    postgres.owner.close();
                }
                throw e;
            }
            LOG.infof("Embedded PostgreSQL on port %d, data in %s", postgres.port, dataDir);
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDir, e);
        }
    }

    private void startServer() throws IOException {
        var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(throwaway)
                // A throwaway server stops with the JVM; a persistent one is stopped by its owner,
                // after the application that uses it (see UmbraMain).
                .setRegisterShutdownHook(throwaway)
                .setPort(port)
                // Crash recovery after a kill replays the WAL first.
                .setPGStartupWait(Duration.ofSeconds(60))
                // zonky checks readiness with this; a data directory still on trust ignores it.
                .setConnectConfig("password", password)
                .setServerConfig("password_encryption", "scram-sha-256")
                .setServerConfig("max_connections", "200");
        if (!throwaway) {
            // zonky tunes for tests (no fsync, asynchronous commit); a persistent install keeps every commit.
            builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
        }
        server = builder.start();
        requirePassword();
        postmaster = OrphanPostmaster.PidFile.read(dataDir).flatMap(pidFile -> ProcessHandle.of(pidFile.pid()))
                .orElseThrow(() -> new IOException("PostgreSQL started but wrote no usable " + OrphanPostmaster.PID_FILE));
    }

    /**
     * Sets the password and makes pg_hba.conf demand it, unless it already does. zonky's initdb
     * trusts every local connection, and so does a data directory of an older Umbra; both are
     * converted here. Until the reload below, that first start still trusts local connections
     * as before: zonky offers no way to start a fresh server with a password.
     */
    private void requirePassword() throws IOException {
        Path hba = dataDir.resolve("pg_hba.conf");
        if (Files.exists(hba) && Files.readString(hba).equals(PG_HBA)) {
            return;
        }
        try (Connection connection = server.getPostgresDatabase().getConnection()) {
            // The driver hashes the password: no plain text reaches the server or its statement log.
            connection.unwrap(PGConnection.class).alterUserPassword(USER, password.toCharArray(), "scram-sha-256");
            Path partial = dataDir.resolve("pg_hba.conf.part");
            Files.writeString(partial, PG_HBA);
            Files.move(partial, hba, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_reload_conf()");
            }
        } catch (SQLException e) {
            throw new IOException("cannot set the embedded PostgreSQL's password", e);
        }
        LOG.infof("The embedded PostgreSQL in %s now requires its password (kept in %s)", dataDir,
                DatabasePassword.fileOf(dataDir));
    }

    /**
     * The watchdog: a dead postmaster (killed, crashed) is started again on the same data and
     * port. One line when the server is found dead, one when it is back, one if the first try
     * fails; later tries, every second, are quiet (a killed server's children may hold its shared
     * memory a moment longer, crash recovery may take a while).
     */
    private synchronized void restartIfDead() {
        if (closed || restartAttempts == 0 && postmaster.isAlive()) {
            return;
        }
        if (restartAttempts++ == 0) {
            LOG.warnf("The embedded PostgreSQL (pid %d) stopped unexpectedly; restarting it", postmaster.pid());
        }
        try {
            // The stale pid file goes first: zonky's stop below would signal the pid it names.
            OrphanPostmaster.stopIfAny(dataDir);
            stopServer(); // releases zonky's lock on the data directory
            startServer();
            restartAttempts = 0;
            LOG.infof("The embedded PostgreSQL is back on port %d", port);
        } catch (IOException | RuntimeException e) {
            if (restartAttempts == 1) {
                LOG.warnf("The embedded PostgreSQL did not start again (%s); trying again every second", e.toString());
            } else {
                LOG.debugf(e, "The embedded PostgreSQL did not start again");
            }
        }
    }

    /** The same on every restart: the pool keeps it while the watchdog brings a dead server back. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
        stopServer();
        if (throwaway) {
            Files.deleteIfExists(DatabasePassword.fileOf(dataDir));
        }
        // zonky reports a failed stop only to its own log, which is off (application.properties).
        if (postmaster != null && !exited(postmaster)) {
            LOG.warnf("The embedded PostgreSQL (pid %d) did not stop; the next start stops it", postmaster.pid());
        }
        if (owner != null) {
            owner.close();
        }
    }

    private void stopServer() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** pg_ctl's stop returns once the pid file is gone, a moment before the postmaster exits. */
    private static boolean exited(ProcessHandle process) {
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
