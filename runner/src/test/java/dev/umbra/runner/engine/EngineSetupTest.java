package dev.umbra.runner.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineSetupTest {

    @Test
    void mallocIsTunedOnGlibcLinux() {
        assumeTrue(Files.exists(Path.of("/lib/x86_64-linux-gnu/libc.so.6")) || Files.exists(Path.of("/lib64/libc.so.6")),
                "skipped: not a glibc system");
        EngineSetup.prepare(1);
        assertThat(EngineSetup.mallocTuned()).isTrue();
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    }

    @Test
    void environmentNamesVersionsDeviceAndDataset() {
        EngineSetup.prepare(1);
        Map<String, Object> env = Environment.capture(Device.cpu(), "abc123");
        assertThat(env.get("umbra_version")).isEqualTo("0.1.0-SNAPSHOT");
        assertThat(env).containsKeys("umbra_commit", "java_version", "cpu", "os");
        assertThat(env.get("djl_version")).isEqualTo("0.36.0");
        assertThat(env.get("engine")).isEqualTo("PyTorch");
        assertThat(env.get("engine_version")).isEqualTo("2.7.1");
        assertThat(env.get("device")).isEqualTo("cpu()");
        assertThat(env.get("intra_op_threads")).isEqualTo(1); // surefire pins one thread
        assertThat(env.get("dataset_checksum")).isEqualTo("abc123");
    }

    @Test
    void theCpuIsUsedWhenNoGpuIsAskedForOrPresent() {
        assertThat(EngineSetup.device(0)).isEqualTo(Device.cpu());
    }
}
