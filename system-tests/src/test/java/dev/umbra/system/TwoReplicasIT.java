package dev.umbra.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two platform replicas on one PostgreSQL behave as one: started together on an empty database
 * (one first admin, one bundled dataset, neither start fails), a claim waiting on one replica
 * answers within a second when a run is submitted on the other, runners on both replicas share
 * the queue without a run leased twice or lost, artifacts stored through one are served by the
 * other, failed sign-ins count for both, and a token revoked on one is refused by the other at
 * once. The replicas share a data directory (local artifact store, datasets) as they would on a
 * shared file system.
 */
class TwoReplicasIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Each run trains 2 steps and evaluates nothing: the runs exercise the queue, not the engine. */
    private static final String SPEC = """
            {"dataset": "fashion-mnist-sample", "method": {"name": "simclr"}, "epochs": 1, "max_steps_per_epoch": 2,
             "batch_size": 32, "seed": %d, "evaluation": {"protocols": [], "knn_every_epochs": 0, "diagnostics": false}}
            """;
    private static final int RUNS = 8;

    private static EmbeddedPostgres postgres;
    private static Path root;
    private static PlatformProcess a;
    private static PlatformProcess b;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startTwoReplicas() throws Exception {
        root = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "replicas-");
        postgres = EmbeddedPostgres.builder().setDataDirectory(root.resolve("postgres")).setCleanDataDirectory(true).start();
        Map<String, String> properties = Map.of(
                "quarkus.datasource.jdbc.url", postgres.getJdbcUrl("postgres", "postgres"),
                "quarkus.datasource.username", "postgres",
                "umbra.local-runners.count", "0",
                "umbra.scheduler.reap-interval", "1s");
        Path data = root.resolve("data");
        a = new PlatformProcess(data, root.resolve("replica-a.log"), properties);
        b = new PlatformProcess(data, root.resolve("replica-b.log"), properties);
        // Together, on an empty database: the start-up tasks race for real.
        CompletableFuture<PlatformProcess> startingB = CompletableFuture.supplyAsync(b::start);
        a.start();
        startingB.get(5, TimeUnit.MINUTES);
    }

    @AfterAll
    static void stop() throws IOException {
        for (PlatformProcess replica : new PlatformProcess[] {a, b}) {
            if (replica != null) {
                replica.close();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void bothStartedOnTheEmptyDatabaseAndCreatedEverythingOnce() {
        assertThat(a.log() + b.log()).containsOnlyOnce("Created the first admin")
                .containsOnlyOnce("Registered the bundled dataset");
        assertThat(a.get("api/v1/datasets").size()).isEqualTo(1);
        assertThat(b.get("api/v1/datasets").size()).isEqualTo(1);
    }

    @Test
    void aClaimWaitingOnOneReplicaAnswersWithinASecondOfASubmissionOnTheOther() throws Exception {
        String token = a.post("api/v1/runner-tokens", Map.of("name", "latency probe")).path("token").asText();
        long experiment = new Runs(a).experiment("wake-up latency");
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            PlatformProcess waiting = i % 2 == 0 ? a : b;
            PlatformProcess submitting = i % 2 == 0 ? b : a;
            long runner = runnerCall(waiting, token, "register", Map.of("name", "probe-" + i, "version", "test",
                    "hostname", "h", "gpus", 0, "gpu_memory_gb", 0, "labels", List.of())).path("runner_id").asLong();
            CompletableFuture<HttpResponse<String>> claim = http.sendAsync(runnerRequest(waiting, token, "claim",
                    Map.of("runner_id", runner, "wait_seconds", 20)), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(1_000); // the claim found nothing and waits

            long submittedAt = System.nanoTime();
            long run = new Runs(submitting).submit(experiment, SPEC.formatted(100 + i));
            HttpResponse<String> answer = claim.get(30, TimeUnit.SECONDS);
            latencies.add((System.nanoTime() - submittedAt) / 1_000_000);

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(JSON.readTree(answer.body()).path("run_id").asLong()).isEqualTo(run);
            runnerCall(waiting, token, "runs/" + run + "/complete",
                    Map.of("runner_id", runner, "attempt", 1, "status", "CANCELLED"));
        }
        System.out.println("wake-up latencies across replicas (ms): " + latencies);
        assertThat(latencies).as("milliseconds from a submission to the other replica's claim answering")
                .allMatch(millis -> millis < 1_000);
    }

    @Test
    void runnersOnBothReplicasShareTheQueueWithoutARunLeasedTwiceOrLost() throws Exception {
        String token = a.post("api/v1/runner-tokens", Map.of("name", "agents")).path("token").asText();
        Map<String, PlatformProcess> agentsAt = Map.of("a1", a, "a2", a, "b1", b, "b2", b);
        List<AgentProcess> agents = new ArrayList<>();
        try {
            agentsAt.forEach((name, replica) -> agents.add(AgentProcess.start(replica.url(), token, name, root)));
            // All four wait in their claims before anything is queued, so the runs spread over them.
            Processes.await("four agents to register", Duration.ofMinutes(2), () -> names(a.get("api/v1/runners"))
                    .containsAll(agentsAt.keySet()));

            Runs runs = new Runs(b);
            long experiment = runs.experiment("two replicas");
            List<Long> submitted = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                submitted.add(new Runs(i % 2 == 0 ? a : b).submit(experiment, SPEC.formatted(i)));
            }
            for (long run : submitted) {
                runs.awaitStatus(run, "SUCCEEDED", Duration.ofMinutes(3));
            }

            Map<Long, String> runnerNames = new HashMap<>();
            a.get("api/v1/runners").forEach(r -> runnerNames.put(r.path("id").asLong(), r.path("name").asText()));
            Set<String> ranOn = new HashSet<>();
            for (long run : submitted) {
                JsonNode shown = runs.run(run);
                assertThat(shown.path("attempt").asInt()).as("claims of run %d", run).isEqualTo(1);
                String runner = runnerNames.get(shown.path("runner_id").asLong());
                ranOn.add(runner);
                long claimedIn = agents.stream().filter(agent -> agent.log().contains("claimed run " + run + " ")).count();
                assertThat(claimedIn).as("agents that claimed run %d", run).isEqualTo(1);
            }
            assertThat(ranOn).as("runners that ran the runs").anyMatch(n -> n.startsWith("a")).anyMatch(n -> n.startsWith("b"));

            // A run's encoder went to the shared store through one replica; the other serves it.
            for (long run : submitted) {
                for (JsonNode artifact : runs.artifacts(run)) {
                    if (artifact.path("kind").asText().equals("encoder")) {
                        for (PlatformProcess replica : List.of(a, b)) {
                            HttpResponse<byte[]> content = http.send(HttpRequest.newBuilder(replica.url().resolve(
                                            "/api/v1/runs/" + run + "/artifacts/" + artifact.path("id").asLong() + "/content"))
                                    .header("Authorization", "Bearer " + a.adminToken()).GET().build(),
                                    HttpResponse.BodyHandlers.ofByteArray());
                            assertThat(content.statusCode()).isEqualTo(200);
                            assertThat((long) content.body().length).isEqualTo(artifact.path("size_bytes").asLong());
                        }
                    }
                }
            }
        } finally {
            agents.forEach(AgentProcess::close);
        }
    }

    @Test
    void failedSignInsOnEitherReplicaCountForBoth() throws Exception {
        String password = Files.readString(root.resolve("data").resolve("admin-password")).strip();
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(i % 2 == 0 ? a : b, "wrong " + i).statusCode()).isEqualTo(401);
        }
        // Five failures in all, spread over both: each replica alone saw fewer than its limit.
        assertThat(signIn(b, password).statusCode()).isEqualTo(429);
        assertThat(signIn(a, password).statusCode()).isEqualTo(429);
    }

    @Test
    void aTokenRevokedOnOneReplicaIsRefusedByTheOtherAtOnce() throws Exception {
        JsonNode token = a.post("api/v1/tokens", Map.of("name", "revoked elsewhere", "scope", "read"));
        String secret = token.path("token").asText();
        assertThat(experiments(b, secret).statusCode()).isEqualTo(200); // b now remembers its identity

        HttpResponse<String> revoked = http.send(HttpRequest.newBuilder(a.url().resolve("/api/v1/tokens/" + token.path("id").asLong()))
                .header("Authorization", "Bearer " + a.adminToken()).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(revoked.statusCode()).as(revoked.body()).isBetween(200, 204);
        long revokedAt = System.nanoTime();
        int status;
        do {
            status = experiments(b, secret).statusCode();
        } while (status == 200 && System.nanoTime() - revokedAt < 5_000_000_000L);
        long millis = (System.nanoTime() - revokedAt) / 1_000_000;
        System.out.println("a token revoked on one replica was refused by the other after " + millis + " ms");
        // The other replica's identity cache keeps an entry up to 5 s; access_changed empties it long before.
        assertThat(status).isEqualTo(401);
        assertThat(millis).isLessThan(1_000);
    }

    private HttpResponse<String> experiments(PlatformProcess replica, String secret) throws Exception {
        return http.send(HttpRequest.newBuilder(replica.url().resolve("/api/v1/experiments"))
                .header("Authorization", "Bearer " + secret).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Set<String> names(JsonNode runners) {
        Set<String> names = new HashSet<>();
        runners.forEach(r -> names.add(r.path("name").asText()));
        return names;
    }

    private HttpResponse<String> signIn(PlatformProcess replica, String password) throws Exception {
        return http.send(HttpRequest.newBuilder(replica.url().resolve("/api/v1/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("username", "admin",
                        "password", password)))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode runnerCall(PlatformProcess replica, String token, String path, Object body) throws Exception {
        HttpResponse<String> answer = http.send(runnerRequest(replica, token, path, body), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isBetween(200, 204);
        return answer.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(answer.body());
    }

    private static HttpRequest runnerRequest(PlatformProcess replica, String token, String path, Object body) {
        try {
            return HttpRequest.newBuilder(replica.url().resolve("/api/v1/runner/" + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
