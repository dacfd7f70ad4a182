package dev.umbra.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM on a real {@code java -jar umbra-runner.jar train} process, then {@code --resume auto}. */
class TrainCommandSignalIT {

    @TempDir
    Path dir;

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
}
