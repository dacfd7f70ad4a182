import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/**
 * A JDBC connection to the embedded PostgreSQL of the platform that bench/common/platform.sh
 * started: the port from its postmaster.pid, the password from the file beside its data directory.
 * The benchmarks use it to measure PostgreSQL's own limit for the work the platform does.
 */
final class PlatformDatabase {

    private PlatformDatabase() {
    }

    static String url() throws IOException {
        List<String> pidFile = Files.readAllLines(dataDir().resolve("postmaster.pid"));
        return "jdbc:postgresql://localhost:" + pidFile.get(3).strip() + "/postgres";
    }

    static Connection open() throws IOException, SQLException {
        return DriverManager.getConnection(url(), "postgres", Files.readString(Path.of(System.getenv("BENCH_WORK"), "postgres.password")).strip());
    }

    private static Path dataDir() {
        return Path.of(System.getenv("BENCH_WORK"), "postgres");
    }
}
