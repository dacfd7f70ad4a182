package dev.umbra.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every control-plane benchmark under bench/ in its smoke mode, exactly as its script runs it but
 * on tiny sizes, so none rots between the quiet runs that produce the committed figures. Nothing
 * here asserts a speed: only that each script finishes, exits 0 and prints every figure it reports.
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
                .containsPattern("(?m)^check: .*: ok$");
    }

    /** Runs a benchmark script from the checkout's root and returns its output; fails on a non-zero exit. */
    private static String run(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", script));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("bench-smoke-", ".log");
        Process process = new ProcessBuilder(command).directory(CHECKOUT.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
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
