package dev.umbra.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    @Test
    void sigtermCheckpointsAndTheRunResumesFromIt() throws Exception {
        Path jar = Path.of("target/umbra-runner.jar").toAbsolutePath();
        assertThat(jar).as("the packaged runner (failsafe runs after package)").exists();
        // 6 epochs of 4 small steps, a checkpoint after each: SIGTERM lands when the first one appears,
        // with 20 steps still to go.
        Path spec = Files.writeString(dir.resolve("spec.json"), "{\"dataset\": \"fashion-mnist-sample\","
                + " \"method\": {\"name\": \"simclr\"}, \"epochs\": 6, \"batch_size\": 16,"
                + " \"max_steps_per_epoch\": 4, \"seed\": 3, \"checkpoint\": {\"every_epochs\": 1, \"keep_last\": 2}}");
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString(),
                "train", "--spec", spec.toString(), "--out", dir.resolve("out").toString(),
                "--cache-dir", dir.resolve("cache").toString(), "--threads", "1");
        Process first = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("first.log").toFile()).start();
        Path firstCheckpoint = dir.resolve("out/checkpoints/checkpoint-e0001-s000000.ckpt");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!Files.exists(firstCheckpoint) && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(firstCheckpoint).as(Files.readString(dir.resolve("first.log"))).exists();
        first.destroy(); // SIGTERM
        assertThat(first.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as(Files.readString(dir.resolve("first.log"))).isEqualTo(3);
        JsonNode interrupted = new ObjectMapper().readTree(dir.resolve("out/result.json").toFile());
        assertThat(interrupted.get("status").asText()).isEqualTo("INTERRUPTED");
        long doneBefore = interrupted.get("steps_done").asLong();
        assertThat(doneBefore).isBetween(4L, 23L);
        JsonNode checkpoints = interrupted.get("checkpoints");
        assertThat(checkpoints.get(checkpoints.size() - 1).asText())
                .endsWith(String.format("checkpoint-e%04d-s%06d.ckpt", doneBefore / 4, doneBefore % 4));

        List<String> resume = new ArrayList<>(command);
        resume.addAll(List.of("--resume", "auto"));
        Process second = new ProcessBuilder(resume).redirectErrorStream(true)
                .redirectOutput(dir.resolve("resume.log").toFile()).start();
        assertThat(second.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).as(Files.readString(dir.resolve("resume.log"))).isZero();
        assertThat(Files.readString(dir.resolve("resume.log"))).contains("resumed from checkpoint-e000");
        JsonNode done = new ObjectMapper().readTree(dir.resolve("out/result.json").toFile());
        assertThat(done.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(done.get("steps_done").asLong()).isEqualTo(24);
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
