package dev.umbra.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Submitting and watching runs through the public REST API, as a user would. */
final class Runs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Set<String> TIMING = Set.of("train/images_per_s", "train/epoch_seconds", "train/augment_share");

    private final PlatformProcess platform;

    Runs(PlatformProcess platform) {
        this.platform = platform;
    }

    long experiment(String name) {
        return platform.post("api/v1/experiments", Map.of("name", name)).path("id").asLong();
    }

    long submit(long experiment, String spec) {
        try {
            return platform.post("api/v1/experiments/" + experiment + "/runs", JSON.readTree(spec)).path("id").asLong();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    JsonNode run(long id) {
        return platform.get("api/v1/runs/" + id);
    }

    String status(long id) {
        return run(id).path("status").asText();
    }

    JsonNode artifacts(long id) {
        return platform.get("api/v1/runs/" + id + "/artifacts");
    }

    JsonNode results(long id) {
        return platform.get("api/v1/runs/" + id + "/results");
    }

    boolean hasCheckpoint(long id) {
        for (JsonNode a : artifacts(id)) {
            if ("checkpoint".equals(a.path("kind").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Steps of one metric series, in order. */
    List<Long> steps(long id, String key) {
        List<Long> steps = new ArrayList<>();
        for (JsonNode series : platform.get("api/v1/runs/" + id + "/metrics?max_points=100000&keys=" + key)) {
            series.path("steps").forEach(s -> steps.add(s.asLong()));
        }
        return steps;
    }

    /** Series that timing does not change (every one but throughput and durations), as key -> step -> value. */
    Map<String, Map<Long, Double>> deterministicSeries(long id) {
        Map<String, Map<Long, Double>> all = new TreeMap<>();
        for (JsonNode series : platform.get("api/v1/runs/" + id + "/metrics?max_points=100000")) {
            String key = series.path("key").asText();
            if (TIMING.contains(key)) {
                continue;
            }
            Map<Long, Double> points = new TreeMap<>();
            for (int i = 0; i < series.path("steps").size(); i++) {
                points.put(series.path("steps").get(i).asLong(), series.path("values").get(i).asDouble());
            }
            all.put(key, points);
        }
        return all;
    }

    double latest(long id, String key) {
        return platform.get("api/v1/runs/" + id + "/metrics/latest").path(key).asDouble(Double.NaN);
    }

    double result(long id, String protocol, String metric) {
        for (JsonNode r : results(id)) {
            if (protocol.equals(r.path("protocol").asText()) && metric.equals(r.path("metric").asText())) {
                return r.path("value").asDouble();
            }
        }
        throw new AssertionError("run " + id + " has no " + protocol + " " + metric + ": " + results(id));
    }

    void awaitStatus(long id, String status, Duration timeout) {
        Processes.await("run " + id + " to be " + status, timeout, () -> {
            String now = status(id);
            if (!now.equals(status) && (now.equals("FAILED") || now.equals("CANCELLED") || now.equals("SUCCEEDED"))) {
                throw new AssertionError("run " + id + " ended " + now + " instead of " + status + ": " + run(id));
            }
            return now.equals(status);
        });
    }
}
