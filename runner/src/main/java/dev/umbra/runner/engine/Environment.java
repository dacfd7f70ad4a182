package dev.umbra.runner.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * What a run ran on, recorded with every run so that numbers can be traced: Umbra version and commit,
 * Java, DJL and engine versions, device, threads, allocator tuning and the dataset's checksum.
 */
public final class Environment {

    private Environment() {
    }

    /** Captures the environment of a run on {@code device}; starts the engine if it has not started. */
    public static Map<String, Object> capture(Device device, String datasetChecksum) {
        Properties build = buildProperties();
        Engine engine = Engine.getInstance();
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("umbra_version", build.getProperty("version", "unknown"));
        env.put("umbra_commit", build.getProperty("commit", "unknown"));
        env.put("java_version", System.getProperty("java.version"));
        env.put("java_vendor", System.getProperty("java.vendor"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        env.put("cpu", cpuModel());
        env.put("cpus_available", Runtime.getRuntime().availableProcessors());
        env.put("djl_version", Engine.getDjlVersion());
        env.put("engine", engine.getEngineName());
        env.put("engine_version", engine.getVersion());
        env.put("device", device.toString());
        env.put("gpu_count", engine.getGpuCount());
        env.put("intra_op_threads", JniUtils.getNumThreads());
        env.put("inter_op_threads", JniUtils.getNumInteropThreads());
        env.put("malloc_tuned", EngineSetup.mallocTuned() || System.getenv("MALLOC_MMAP_MAX_") != null);
        env.put("dataset_checksum", datasetChecksum);
        return env;
    }

    private static Properties buildProperties() {
        Properties p = new Properties();
        try (InputStream in = Environment.class.getResourceAsStream("/dev/umbra/runner/build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read build.properties", e);
        }
        if (p.getProperty("commit", "").startsWith("${")) {
            p.setProperty("commit", "unknown");
        }
        return p;
    }

    private static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return System.getProperty("os.arch");
        }
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
