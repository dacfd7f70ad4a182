package dev.umbra.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Every control-plane benchmark under bench/ in its smoke mode, and the benchmark tables' script, exactly as its script runs it but
 * on tiny sizes, so none rots between the quiet runs that produce the committed figures (the
 * artifact benchmark's smoke size runs with platform-api's tests). Nothing here asserts a speed:
 * only that each script finishes, exits 0 and prints every figure it reports.
 */
class BenchmarkSmokeIT {

    private static final Path CHECKOUT = Path.of(System.getProperty("umbra.checkout", "..")).toAbsolutePath().normalize();

    @Test
    void apiLoad() throws Exception {
        assertThat(run("bench/api/run.sh", "1", "2", "2"))
                .containsPattern("(?m)^machine: ")
                .containsPattern("(?m)^ingestion: .* points/s.*server CPU [0-9.]+ ms/")
                .contains("ingestion raw PostgreSQL, COPY", "ingestion raw PostgreSQL, the platform's unnest upserts", "ingestion ratio: ")
                .containsPattern("(?m)^submission: .* runs/s.*server CPU [0-9.]+ ms/")
                .contains("submission raw PostgreSQL, INSERT", "submission ratio: ")
                .containsPattern("(?m)^submission: [\\d,]+ transactions .*, [\\d.]+ runs per transaction on average")
                .containsPattern("(?m)^check: .*: ok$");
    }

    @Test
    void claims() throws Exception {
        assertThat(run("bench/scheduler/run.sh", "200", "4"))
                .containsPattern("(?m)^OK: no run handed out twice, no errors, every run leased exactly once")
                .containsPattern("(?m)^platform: errors \\{\\}; runs handed out more than once: 0; database: \\{LEASED attempt 1=200\\}")
                .containsPattern("(?m)^platform: [\\d,]+ claim statements, [\\d.]+ claims per statement on average")
                .containsPattern("(?m)^raw claim statement \\(JDBC\\): errors \\{\\}; runs handed out more than once: 0; database: \\{LEASED attempt 1=200\\}")
                .containsPattern("(?m)^platform / raw throughput: ");
    }

    @Test
    void sweepAcceptance() throws Exception {
        assertThat(run("bench/sweeps/run-acceptance.sh", "200", "2"))
                .containsPattern("(?m)^OK: every sweep accepted whole")
                .containsPattern("(?m)^platform: a sweep of 200 runs accepted over REST")
                .containsPattern("(?m)^raw INSERT of the same 200 run rows")
                .containsPattern("(?m)^what a run row costs PostgreSQL \\(200 rows")
                .containsPattern("(?m)^    with its hash checks as regular expressions \\(as before V20\\) +[0-9]+ ms, PostgreSQL CPU [0-9]+ ms$")
                .containsPattern("(?m)^    and with each run's resolved spec in its row \\(json, as before V19\\) +[0-9]+ ms, PostgreSQL CPU [0-9]+ ms$");
    }

    @Test
    void leaderboard() throws Exception {
        assertThat(run("bench/sweeps/run-leaderboard.sh", "300", "3")).containsPattern("(?m)^OK: every request answered 200");
    }

    @Test
    void sweepExpansion() throws Exception {
        assertThat(run("bench/sweeps/run-expansion.sh", "1"))
                .containsPattern("(?m)^grid 100 x 100, 1 seed: 10,000 runs")
                .containsPattern("(?m)^random 2,500 samples x 4 seeds: 10,000 runs");
    }

    @Test
    void platformOverhead() throws Exception {
        assertThat(run("bench/overhead/run.sh", "smoke"))
                .contains("evaluation identical: yes")
                .containsPattern("(?m)^ratio claim->SUCCEEDED / offline: ")
                .containsPattern("(?m)^phase \\| offline s \\| platform s");
    }

    @Test
    void methodDefaults() throws Exception {
        Path work = Files.createTempDirectory("bench-methods-");
        assertThat(run(Map.of("UMBRA_METHODS_WORK", work.toString()), "bench/methods/run-defaults.sh", "-e", "1", "-x", "2", "dae"))
                .containsPattern("(?m)^\\| dae \\| 2 \\| [0-9.]+ \\| [0-9.]+ % \\| [0-9.]+ \\| [0-9]+ \\| [0-9]+ \\|$");
    }

    /**
     * A method table of a dataset the platform never saw, as a user would make one: an archive of image
     * folders (three classes of 24 + 6 images, one top folder, a class name with a space), registered from
     * what its files hold, batches that fit its 72 training images, two seeds, one epoch of two steps; the
     * report lists every row with its seeds.
     */
    @Test
    void benchmarkTableOfAnyDataset() throws Exception {
        Path dir = Files.createTempDirectory("bench-tables-");
        Path images = dir.resolve("stripes");
        String[] classes = {"across", "down", "no stripes"};
        for (int c = 0; c < classes.length; c++) {
            for (int i = 0; i < 30; i++) {
                BufferedImage image = new BufferedImage(12, 12, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 12; y++) {
                    for (int x = 0; x < 12; x++) {
                        int on = c == 0 ? y % 3 : c == 1 ? x % 3 : 1;
                        image.setRGB(x, y, on == 0 ? 0xF0F0F0 : 0x101010 * (1 + i % 4));
                    }
                }
                Path file = images.resolve((i < 24 ? "train/" : "test/") + classes[c] + "/" + i + ".png");
                Files.createDirectories(file.getParent());
                ImageIO.write(image, "png", file.toFile());
            }
        }
        Process tar = new ProcessBuilder("tar", "-czf", "stripes.tar.gz", "stripes").directory(dir.toFile()).inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        String printed = run(Map.of("UMBRA_TABLES_DIR", dir.resolve("tables").toString()), "bench/tables/run.sh",
                "-H", "-e", "1", "-B", "32", "-x", "2", "-m", "simclr,random-init,raw-pixels", "-s", "1,2", "-1", "raw-pixels",
                "-l", "1", "-p", Integer.toString(port), dir.resolve("stripes.tar.gz").toString());

        assertThat(printed).contains("registered: stripes (90 files").contains("suite finished");
        String table = Files.readString(dir.resolve("tables/stripes/table.md"));
        assertThat(table).contains("## stripes, convnet-s, 1 epochs")
                .containsPattern("\\| simclr \\| [0-9a-f]{12} \\| 2 \\| ")
                .containsPattern("\\| random-init \\| [0-9a-f]{12} \\| 2 \\| ")
                .containsPattern("\\| raw-pixels \\| [0-9a-f]{12} \\| [12] \\| "); // 2 when its second seed ended before its cancellation
        assertThat(dir.resolve("tables/stripes/table.tex")).exists();
        assertThat(dir.resolve("tables/stripes/table.csv")).exists();
    }

    private static String run(String script, String... args) throws IOException, InterruptedException {
        return run(Map.of(), script, args);
    }

    /** Runs a benchmark script from the checkout's root and returns its output; fails on a non-zero exit. */
    private static String run(Map<String, String> environment, String script, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", script));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("bench-smoke-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(CHECKOUT.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError(script + " did not finish within 5 minutes: " + Files.readString(output));
        }
        String printed = Files.readString(output);
        assertThat(process.exitValue()).as("exit status of %s; it printed:%n%s", String.join(" ", command), printed).isZero();
        return printed;
    }
}
