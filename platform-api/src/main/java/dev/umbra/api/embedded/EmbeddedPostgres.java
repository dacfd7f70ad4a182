package dev.umbra.api.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * A real PostgreSQL server from the binaries on the classpath (zonky), for the embedded default
 * and for tests. Running as root works: zonky starts the server through {@code unshare -U}.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    public static final String USER = "postgres";
    private static final Logger LOG = Logger.getLogger(EmbeddedPostgres.class);

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server) {
        this.server = server;
    }

    /** A server whose data survives restarts: initialised on first use, reused afterwards. */
    public static EmbeddedPostgres startPersistent(Path dataDir) {
        return start(dataDir, false);
    }

    /** A throwaway server on a fresh data directory (tests). */
    public static EmbeddedPostgres startThrowaway(Path dataDir) {
        return start(dataDir, true);
    }

    private static EmbeddedPostgres start(Path dataDir, boolean clean) {
        try {
            Files.createDirectories(dataDir);
            var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(clean)
                    // A throwaway server stops with the JVM; a persistent one is stopped by its owner,
                    // after the application that uses it (see UmbraMain).
                    .setRegisterShutdownHook(clean)
                    .setPort(freePort())
                    .setServerConfig("max_connections", "200");
            if (!clean) {
                // zonky tunes for tests (no fsync, asynchronous commit); a persistent install keeps every commit.
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            }
            var server = builder.start();
            LOG.infof("Embedded PostgreSQL on port %d, data in %s", server.getPort(), dataDir);
            return new EmbeddedPostgres(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDir, e);
        }
    }

    public String jdbcUrl() {
        return server.getJdbcUrl(USER, "postgres");
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
