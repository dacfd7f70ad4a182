package dev.umbra.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.umbra.client.ApiProblemException;
import dev.umbra.client.HttpJson;
import dev.umbra.client.PlatformUnreachableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged platform (quarkus-run.jar) as a process on its own data directory and port. */
final class PlatformProcess implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private final Map<String, String> properties;
    private final Path log;
    private Process process;
    private final HttpJson http;
    private HttpJson api;

    PlatformProcess(Path dataDir, Map<String, String> properties) {
        this(dataDir, dataDir.resolve("platform.log"), properties);
    }

    /** With its log elsewhere: replicas share one data directory, each writes its own log. */
    PlatformProcess(Path dataDir, Path log, Map<String, String> properties) {
        this.dataDir = dataDir;
        this.port = Processes.freePort();
        this.properties = properties;
        this.log = log;
        this.http = new HttpJson(url(), null);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    PlatformProcess start() {
        List<String> command = new ArrayList<>(List.of(Processes.java(), "-Xmx768m",
                "-Dumbra.embedded.data-dir=" + dataDir, "-Dquarkus.http.port=" + port));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", Processes.jar("umbra.platform.jar").toString()));
        try {
            Files.createDirectories(dataDir);
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Processes.await("the platform to be ready (log: " + log + ")", Duration.ofMinutes(4), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("the platform exited with " + process.exitValue() + "; log: " + log);
            }
            try {
                return "UP".equals(http.send("GET", "q/health/ready", null, JsonNode.class, Duration.ofSeconds(30))
                        .path("status").asText());
            } catch (PlatformUnreachableException | ApiProblemException e) {
                return false;
            }
        });
        api = new HttpJson(url(), adminToken());
        return this;
    }

    /** The first admin's token, which the platform wrote to its data directory at first start. */
    String adminToken() {
        try {
            return Files.readString(dataDir.resolve("admin-token")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("the platform wrote no admin-token at first start", e);
        }
    }

    /** SIGTERM and wait: the graceful stop a deployment does. */
    void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(90, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    JsonNode get(String path) {
        return api.send("GET", path, null, JsonNode.class, Duration.ofSeconds(30));
    }

    JsonNode post(String path, Object body) {
        return api.send("POST", path, body, JsonNode.class, Duration.ofSeconds(30));
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        stop();
    }
}
