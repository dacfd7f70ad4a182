package dev.umbra.runner.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.umbra.client.HttpJson;
import dev.umbra.client.dataset.DatasetManifest;
import dev.umbra.client.dto.DatasetDto;
import dev.umbra.client.runner.RunAssignment;
import dev.umbra.sample.BundledSample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The platform's runner protocol as far as one agent run needs it, over real HTTP, recording every
 * call in order ({@link #events()}): the runner module cannot start the platform itself (Quarkus
 * stays off its classpath), and these tests are about what the agent sends, and when. The system
 * tests drive the same agent against the packaged platform.
 */
final class StubPlatform implements AutoCloseable {

    private static final ObjectMapper JSON = HttpJson.MAPPER;

    private final HttpServer server;
    private final byte[] datasetZip;
    private final String checksum;
    private final BlockingQueue<RunAssignment> queue = new LinkedBlockingQueue<>();
    private final List<String> events = new ArrayList<>();
    private final long heartbeatSeconds;
    private volatile Runnable beforeDataset = () -> { };
    private volatile String error;

    /** Serves the bundled sample (extracted under {@code dir}) as the only dataset. */
    StubPlatform(Path dir, long heartbeatSeconds) throws IOException {
        this.heartbeatSeconds = heartbeatSeconds;
        Path sample = BundledSample.extractTo(dir.resolve("sample"));
        this.checksum = DatasetManifest.of(sample).checksum();
        this.datasetZip = zip(sample);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/api/v1/runner/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    DatasetDto dataset() {
        return new DatasetDto(1, BundledSample.NAME, BundledSample.FORMAT, 10, BundledSample.CLASS_NAMES, 1, 28, 28,
                BundledSample.TRAIN_COUNT, BundledSample.TEST_COUNT, checksum, null, BundledSample.HFLIP_PRESERVES_LABELS,
                Instant.now());
    }

    /** Queues a run (attempt 1) with this spec for the next claim. */
    void offer(long runId, String spec) throws IOException {
        queue.add(new RunAssignment(runId, 1, Instant.now().plusSeconds(60), "hash", JSON.readTree(spec), dataset(),
                null));
    }

    /** Called when a dataset download arrives, before its bytes are sent. */
    void beforeDataset(Runnable action) {
        this.beforeDataset = action;
    }

    /**
     * Every call so far: {@code claim}, {@code heartbeat}, {@code metric <key> <step>}, {@code log <line number> <text>},
     * {@code artifact <kind> <name>}, ...
     */
    List<String> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** What the run's completion said, e.g. {@code FAILED: cannot fetch ...}; null before it completed. */
    String completion() {
        return events().stream().filter(e -> e.startsWith("complete ")).map(e -> e.substring(9)).findFirst().orElse(null);
    }

    private void record(String event) {
        synchronized (events) {
            events.add(event);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring("/api/v1/runner/".length());
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean isJson = exchange.getRequestHeaders().getFirst("Content-Type") != null
                    && exchange.getRequestHeaders().getFirst("Content-Type").startsWith("application/json");
            JsonNode json = isJson ? JSON.readTree(body) : null;
            if (path.equals("register")) {
                answer(exchange, Map.of("runner_id", 7, "lease_seconds", 4 * heartbeatSeconds,
                        "heartbeat_seconds", heartbeatSeconds));
            } else if (path.equals("claim")) {
                record("claim");
                if (json.hasNonNull("run_id")) {
                    record("claim only " + json.get("run_id").asLong());
                }
                RunAssignment run = queue.poll(json.path("wait_seconds").asLong(), TimeUnit.SECONDS);
                if (run == null) {
                    exchange.sendResponseHeaders(204, -1);
                } else {
                    record("claimed " + run.runId());
                    answer(exchange, run);
                }
            } else if (path.startsWith("datasets/")) {
                String query = exchange.getRequestURI().getQuery();
                if (query == null || !query.contains("run_id=") || !query.contains("attempt=")) {
                    // As the platform: a dataset is served only to the holder of a run (run_id, runner_id, attempt).
                    exchange.sendResponseHeaders(400, -1);
                    return;
                }
                beforeDataset.run();
                exchange.sendResponseHeaders(200, datasetZip.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(datasetZip);
                }
            } else if (path.endsWith("/heartbeat")) {
                record("heartbeat");
                json.path("metrics").forEach(m -> record("metric " + m.path("key").asText() + " " + m.path("step").asLong()));
                int line = json.path("log_from").asInt();
                for (JsonNode text : json.path("log_lines")) {
                    record("log " + line++ + " " + text.asText());
                }
                answer(exchange, Map.of("action", "continue", "lease_expires_at", Instant.now().plusSeconds(60).toString()));
            } else if (path.contains("/artifacts/") && path.endsWith("/upload")) {
                answer(exchange, Map.of("transfer", "stream"));
            } else if (path.contains("/artifacts/") && exchange.getRequestMethod().equals("PUT")) {
                String[] parts = path.split("/");
                record("artifact " + parts[3] + " " + parts[4]);
                answer(exchange, Map.of("id", 1, "run_id", Long.parseLong(parts[1]), "kind", parts[3], "name", parts[4],
                        "sha256", "", "size_bytes", body.length));
            } else if (path.endsWith("/complete")) {
                String text = json.path("status").asText() + (json.path("error").isNull() ? "" : ": " + json.path("error").asText());
                record("complete " + text);
                exchange.sendResponseHeaders(204, -1);
            } else if (path.endsWith("/release")) {
                record("release");
                exchange.sendResponseHeaders(204, -1);
            } else if (path.endsWith("/results")) {
                record("results");
                exchange.sendResponseHeaders(204, -1);
            } else {
                error = "unexpected call " + exchange.getRequestMethod() + " " + path;
                exchange.sendResponseHeaders(404, -1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            error = e.toString(); // the agent hung up, or this stub is wrong: the test shows which
            throw e;
        }
    }

    /** A call this stub did not expect, or its own failure; null when there was none. */
    String error() {
        return error;
    }

    private static void answer(HttpExchange exchange, Object value) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(value);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] zip(Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); var files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                zip.putNextEntry(new ZipEntry(file.getFileName().toString()));
                try (InputStream in = Files.newInputStream(file)) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
