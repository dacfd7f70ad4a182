package dev.umbra.api.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL's password, its upgrade from trust, and what it does after crashes. */
class EmbeddedPostgresTest {

    @TempDir
    Path home;

    @Test
    void everyConnectionNeedsThePasswordKeptOwnerOnly() throws Exception {
        Path data = home.resolve("postgres");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.startPersistent(data)) {
            Path file = DatabasePassword.fileOf(data);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(Files.readString(file).strip()).isEqualTo(postgres.password()).hasSize(48);
            assertThat(Files.readString(data.resolve("pg_hba.conf"))).doesNotContain("trust").contains("scram-sha-256");

            assertThat(query(postgres.jdbcUrl(), postgres.password(), "SELECT 1")).isEqualTo("1");
            assertThat(query(postgres.jdbcUrl(), postgres.password(), "SHOW password_encryption")).isEqualTo("scram-sha-256");
            assertThatThrownBy(() -> query(postgres.jdbcUrl(), "", "SELECT 1")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> query(postgres.jdbcUrl(), "wrong", "SELECT 1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
        }
    }

    @Test
    void aDataDirectoryThatTrustedLocalConnectionsIsConvertedAndKeepsItsData() throws Exception {
        Path data = home.resolve("postgres");
        // What an older Umbra left: zonky's initdb with trust for everyone, and some data.
        try (var old = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().setDataDirectory(data)
                .setCleanDataDirectory(false).setRegisterShutdownHook(false).start();
             Connection c = old.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('from before')");
        }
        assertThat(Files.readString(data.resolve("pg_hba.conf"))).contains("trust");

        try (EmbeddedPostgres postgres = EmbeddedPostgres.startPersistent(data)) {
            assertThat(query(postgres.jdbcUrl(), postgres.password(), "SELECT v FROM kept")).isEqualTo("from before");
            assertThatThrownBy(() -> query(postgres.jdbcUrl(), "", "SELECT 1")).isInstanceOf(SQLException.class);
        }
        // The next start finds it converted and connects with the same password.
        try (EmbeddedPostgres postgres = EmbeddedPostgres.startPersistent(data)) {
            assertThat(query(postgres.jdbcUrl(), postgres.password(), "SELECT v FROM kept")).isEqualTo("from before");
        }
    }

    @Test
    void aKilledServerIsRestartedOnItsPortWithItsData() throws Exception {
        Path data = home.resolve("postgres");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.startPersistent(data)) {
            query(postgres.jdbcUrl(), postgres.password(), "CREATE TABLE kept AS SELECT 'committed' AS v");
            long pid = OrphanPostmaster.PidFile.read(data).orElseThrow().pid();

            ProcessHandle.of(pid).orElseThrow().destroyForcibly();

            assertThat(awaitQuery(postgres, "SELECT v FROM kept")).isEqualTo("committed");
            assertThat(OrphanPostmaster.PidFile.read(data).orElseThrow().pid()).isNotEqualTo(pid);
        }
    }

    @Test
    void aServerLeftRunningOnTheDataDirectoryIsStoppedBeforeTheNextStart() throws Exception {
        Path data = home.resolve("postgres");
        Path postgresBinary;
        try (EmbeddedPostgres first = EmbeddedPostgres.startPersistent(data)) {
            query(first.jdbcUrl(), first.password(), "CREATE TABLE kept AS SELECT 'committed' AS v");
            postgresBinary = Files.readSymbolicLink(Path.of("/proc", pidOf(data) + "/exe"));
        }
        // What a platform killed with -9 leaves: a postmaster of this data directory that nobody owns.
        Process orphan = postgres(postgresBinary, data).start();
        awaitPidFileOf(orphan, data);

        try (EmbeddedPostgres postgres = EmbeddedPostgres.startPersistent(data)) {
            assertThat(orphan.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(query(postgres.jdbcUrl(), postgres.password(), "SELECT v FROM kept")).isEqualTo("committed");
        } finally {
            orphan.destroyForcibly();
        }
    }

    @Test
    void aSecondPlatformOnTheSameDataDirectoryIsRefusedAndTheFirstKeepsItsServer() throws Exception {
        Path data = home.resolve("postgres");
        try (EmbeddedPostgres first = EmbeddedPostgres.startPersistent(data)) {
            long pid = pidOf(data);

            assertThatThrownBy(() -> EmbeddedPostgres.startPersistent(data))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another Umbra platform is running on " + home);

            // Not taken for an orphan: the first platform's server was neither stopped nor restarted.
            assertThat(pidOf(data)).isEqualTo(pid);
            assertThat(query(first.jdbcUrl(), first.password(), "SELECT 1")).isEqualTo("1");
        }
        // Once the first has stopped, the directory is free again.
        try (EmbeddedPostgres next = EmbeddedPostgres.startPersistent(data)) {
            assertThat(query(next.jdbcUrl(), next.password(), "SELECT 1")).isEqualTo("1");
        }
    }

    @Test
    void aServerOfAnotherDataDirectoryIsNeverTouched() throws Exception {
        Path other = home.resolve("other");
        Path ours = Files.createDirectories(home.resolve("ours"));
        try (EmbeddedPostgres postgres = EmbeddedPostgres.startThrowaway(other)) {
            long pid = pidOf(other);
            // Our directory names the other server's pid: a copied directory, or a pid file from before a reboot.
            Files.copy(other.resolve(OrphanPostmaster.PID_FILE), ours.resolve(OrphanPostmaster.PID_FILE),
                    StandardCopyOption.REPLACE_EXISTING);
            var copied = OrphanPostmaster.PidFile.read(ours).orElseThrow();
            assertThat(OrphanPostmaster.isPostmasterOf(copied, pid, ours)).isFalse();
            assertThat(OrphanPostmaster.isPostmasterOf(copied, pid, other)).isTrue();
            // Even a pid file that names our directory does not make another directory's server ours.
            Files.writeString(ours.resolve(OrphanPostmaster.PID_FILE), pid + "\n" + ours + "\n");
            assertThat(OrphanPostmaster.isPostmasterOf(OrphanPostmaster.PidFile.read(ours).orElseThrow(), pid, ours)).isFalse();

            OrphanPostmaster.stopIfAny(ours);

            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
            assertThat(query(postgres.jdbcUrl(), postgres.password(), "SELECT 1")).isEqualTo("1");
            assertThat(ours.resolve(OrphanPostmaster.PID_FILE)).doesNotExist();
        }
    }

    @Test
    void aPidFileOfADeadProcessIsRemoved() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path ours = Files.createDirectories(home.resolve("ours"));
        Files.writeString(ours.resolve(OrphanPostmaster.PID_FILE), gone.pid() + "\n" + ours + "\n");

        OrphanPostmaster.stopIfAny(ours);

        assertThat(ours.resolve(OrphanPostmaster.PID_FILE)).doesNotExist();
    }

    private static long pidOf(Path data) {
        return OrphanPostmaster.PidFile.read(data).orElseThrow().pid();
    }

    /** A postmaster started without zonky, as zonky would start it (through unshare -U as root). */
    private static ProcessBuilder postgres(Path binary, Path data) {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(binary.toString(), "-D", data.toString(), "-p", String.valueOf(freePort())));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }

    private static void awaitPidFileOf(Process process, Path data) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            var pidFile = OrphanPostmaster.PidFile.read(data);
            if (pidFile.isPresent() && ProcessHandle.of(pidFile.get().pid()).isPresent() && process.isAlive()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the orphan postmaster did not start");
    }

    private static String awaitQuery(EmbeddedPostgres postgres, String sql) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            try {
                return query(postgres.jdbcUrl(), postgres.password(), sql);
            } catch (SQLException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the embedded PostgreSQL did not come back");
    }

    private static String query(String url, String password, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, EmbeddedPostgres.USER, password);
             Statement s = c.createStatement()) {
            if (!s.execute(sql)) {
                return null;
            }
            try (ResultSet rs = s.getResultSet()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static int freePort() {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
