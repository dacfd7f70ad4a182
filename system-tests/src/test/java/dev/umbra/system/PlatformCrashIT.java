package dev.umbra.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged platform on its embedded default survives crashes: kill -9 of the platform (its
 * PostgreSQL outlives it) and kill -9 of PostgreSQL under a running platform.
 */
class PlatformCrashIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPEC = """
            {"dataset": "fashion-mnist-sample", "method": {"name": "simclr"}, "epochs": 1, "max_steps_per_epoch": 2,
             "batch_size": 32, "seed": 1}
            """;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theEmbeddedPlatformComesBackAfterItOrItsDatabaseIsKilled() throws Exception {
        Path root = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "crash-");
        // No local runner: the submitted run stays queued, a row to find again after each crash.
        try (PlatformProcess platform = new PlatformProcess(root, Map.of("umbra.local-runners.count", "0")).start()) {
            Runs runs = new Runs(platform);
            long run = runs.submit(runs.experiment("survives crashes"), SPEC);

            // kill -9 of the platform: its PostgreSQL outlives it and keeps the data directory locked.
            long postmaster = postmasterPid(root);
            ProcessHandle jvm = platformJvm(root);
            jvm.destroyForcibly();
            jvm.onExit().get(30, TimeUnit.SECONDS);
            assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).contains(true);

            platform.start();
            assertThat(runs.status(run)).isEqualTo("QUEUED");
            assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)).isFalse();

            // kill -9 of PostgreSQL under the running platform: 503s, never a 500, until the platform restarts it.
            String logBefore = platform.log();
            ProcessHandle.of(postmasterPid(root)).orElseThrow().destroyForcibly();
            List<HttpResponse<String>> answers = new ArrayList<>();
            Processes.await("the API to answer 200 again after PostgreSQL was killed", Duration.ofSeconds(90), () -> {
                HttpResponse<String> answer = get(platform, "api/v1/runs/" + run);
                answers.add(answer);
                return answer.statusCode() == 200 && answers.stream().anyMatch(a -> a.statusCode() == 503);
            });
            assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(503, 200);
            HttpResponse<String> unavailable = answers.stream().filter(a -> a.statusCode() == 503).findFirst().orElseThrow();
            assertThat(unavailable.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(unavailable.headers().firstValue("Retry-After")).isPresent();
            assertThat(JSON.readTree(unavailable.body()).path("type").asText()).isEqualTo("urn:umbra:problem:database-unavailable");
            assertThat(JSON.readTree(answers.get(answers.size() - 1).body()).path("status").asText()).isEqualTo("QUEUED");

            // Writes work again too, and the outage left one line in the log, not a trace per request.
            assertThat(runs.status(runs.submit(runs.experiment("after the outage"), SPEC))).isEqualTo("QUEUED");
            String outageLog = platform.log().substring(logBefore.length());
            assertThat(outageLog.lines().filter(l -> l.contains("The database cannot be reached"))).hasSize(1);
            assertThat(outageLog).contains("The embedded PostgreSQL is back").doesNotContain("unexpected error", "SQLState");
        }
    }

    private HttpResponse<String> get(PlatformProcess platform, String path) {
        try {
            return http.send(HttpRequest.newBuilder(platform.url().resolve("/" + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + platform.adminToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("the platform did not answer " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static long postmasterPid(Path root) throws IOException {
        return Long.parseLong(Files.readAllLines(root.resolve("postgres").resolve("postmaster.pid")).get(0).strip());
    }

    private static ProcessHandle platformJvm(Path root) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("-Dumbra.embedded.data-dir=" + root + " "))
                .findFirst().orElseThrow(() -> new AssertionError("no platform process on " + root));
    }
}
