package dev.umbra.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --threads} on a real {@code java -jar umbra-runner.jar train} process (a fresh engine). */
class TrainCommandThreadsIT {

    @TempDir
    Path dir;

    @Test
    void theThreadsOptionPinsTheEngineAndTheEnvironmentSaysSo() throws Exception {
        Path jar = Path.of("target/umbra-runner.jar").toAbsolutePath();
        assertThat(jar).as("the packaged runner (failsafe runs after package)").exists();
        // Anything but the default (every core), so that an ignored option shows.
        int threads = Runtime.getRuntime().availableProcessors() == 1 ? 2 : 1;
        Path spec = Files.writeString(dir.resolve("spec.json"), "{\"dataset\": \"fashion-mnist-sample\","
                + " \"method\": {\"name\": \"simclr\"}, \"epochs\": 1, \"batch_size\": 16, \"max_steps_per_epoch\": 1,"
                + " \"evaluation\": {\"protocols\": [], \"knn_every_epochs\": 0, \"diagnostics\": false}}");
        Process train = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar",
                jar.toString(), "train", "--spec", spec.toString(), "--out", dir.resolve("out").toString(),
                "--cache-dir", dir.resolve("cache").toString(), "--threads", Integer.toString(threads))
                .redirectErrorStream(true).redirectOutput(dir.resolve("train.log").toFile()).start();
        assertThat(train.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(train.exitValue()).as(Files.readString(dir.resolve("train.log"))).isZero();

        JsonNode environment = new ObjectMapper().readTree(dir.resolve("out/result.json").toFile()).get("environment");
        assertThat(environment.get("intra_op_threads").asInt()).isEqualTo(threads);
    }
}
