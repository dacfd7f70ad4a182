package dev.umbra.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code train} command end to end, in-process, on the bundled sample with a step cap. */
class TrainCommandIT {

    @TempDir
    Path dir;

    @Test
    void trainsAQuickStartSpecAndWritesResultJson() throws IOException {
        Path spec = ExampleSpecsTest.examplesDir().resolve("simclr.json");
        Run run = train("--spec", spec.toString(), "--out", dir.resolve("out").toString(),
                "--cache-dir", dir.resolve("cache").toString(), "--epochs", "1", "--max-steps-per-epoch", "2");
        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).contains("simclr on fashion-mnist-sample").contains("SUCCEEDED after 1 epochs (2 steps)");
        JsonNode result = new ObjectMapper().readTree(dir.resolve("out/result.json").toFile());
        assertThat(result.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(result.get("epochs_done").asInt()).isEqualTo(1);
        assertThat(result.get("final_loss").asDouble()).isGreaterThan(0);
        assertThat(result.get("images_per_sec").asDouble()).isGreaterThan(0);
        assertThat(result.get("environment").get("djl_version").asText()).isEqualTo("0.36.0");
        assertThat(result.get("checkpoints")).hasSize(1);
        assertThat(Path.of(result.get("encoder").asText())).exists();
        JsonNode diagnostics = result.get("diagnostics");
        assertThat(diagnostics.get("diag/embedding_std").asDouble()).isBetween(1e-6, 1.0);
        assertThat(diagnostics.get("diag/rankme").asDouble()).isGreaterThanOrEqualTo(1.0);
        assertThat(diagnostics.get("diag/alignment").isNumber()).isTrue();
        assertThat(diagnostics.get("diag/uniformity").asDouble()).isNegative();
        assertThat(diagnostics.get("diag/energy_gap").isNumber()).isTrue();
        assertThat(diagnostics.get("diag/collapse_flag").asDouble()).isZero();
    }

    @Test
    void aDatasetWhoseFlipsChangeLabelsRefusesASpecThatFlips() throws IOException {
        Path spec = Files.writeString(dir.resolve("flips.json"),
                "{\"dataset\": \"fashion-mnist-sample\", \"method\": {\"name\": \"simclr\"}, \"epochs\": 1,"
                        + " \"augmentation\": {\"view2\": {\"flip_prob\": 0.5}}}");
        Run withFlips = train("--spec", spec.toString(), "--out", dir.resolve("out").toString(), "--hflip-changes-labels");
        assertThat(withFlips.exitCode).isEqualTo(2);
        // The recipe's own flip is dropped silently; only the one the spec asks for is refused.
        assertThat(withFlips.err).contains("augmentation.view2.flip_prob: must be 0").doesNotContain("view1");
    }

    @Test
    void aBadSpecExitsWithTwoAndListsEveryBadField() throws IOException {
        Path spec = Files.writeString(dir.resolve("bad.json"),
                "{\"dataset\": \"fashion-mnist-sample\", \"method\": {\"name\": \"simclr\"}, \"epochs\": 0,"
                        + " \"batch_size\": 1, \"colour\": \"red\"}");
        Run run = train("--spec", spec.toString(), "--out", dir.resolve("out").toString());
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("invalid spec").contains("epochs:").contains("batch_size:").contains("colour:");
        assertThat(dir.resolve("out/result.json")).doesNotExist();
    }

    @Test
    void aMissingDatasetFailsWithOneClearLine() {
        Path spec = ExampleSpecsTest.examplesDir().resolve("supervised.json");
        Run run = train("--spec", spec.toString(), "--out", dir.resolve("out").toString(),
                "--dataset-path", dir.resolve("nowhere").toString());
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err.strip()).startsWith("train failed: ").contains("nowhere").contains("no such dataset directory");
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run train(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = RunnerMain.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] full = new String[args.length + 1];
        full[0] = "train";
        System.arraycopy(args, 0, full, 1, args.length);
        int code = cli.execute(full);
        return new Run(code, out.toString(), err.toString());
    }
}
