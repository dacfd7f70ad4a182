package dev.umbra.api.launcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.umbra.api.TestData;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The whole path on one platform: a run submitted over REST gets its Job in the (mock) cluster,
 * shaped by its resources; the portal's API shows the pod; cancelling the run deletes the Job.
 */
@QuarkusTest
@TestProfile(KubernetesLauncherProfile.class)
class KubernetesLauncherHostTest {

    KubernetesClient kubernetes;

    private List<Job> jobsOf(long run) {
        return kubernetes.batch().v1().jobs().inNamespace(KubernetesLauncherProfile.NAMESPACE)
                .withLabel("umbra.dev/run-id", Long.toString(run)).list().getItems();
    }

    private static <T> T await(String what, Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    @Test
    void aSubmittedRunGetsAJobAndLosesItWhenCancelled() throws Exception {
        String spec = TestData.spec("simclr", 11).replaceFirst("\\{",
                "{\"resources\": {\"gpus\": 1, \"gpu_memory_gb\": 40, \"labels\": [\"a100\"]}, ");
        long run = TestData.run(TestData.experiment(), spec);

        Job job = await("the run's Job", () -> jobsOf(run).stream().findFirst().orElse(null));

        assertThat(job.getMetadata().getName()).isEqualTo("umbra-run-" + run + "-1");
        var pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getContainers().get(0).getImage()).isEqualTo("registry.example/umbra-runner:test");
        assertThat(pod.getContainers().get(0).getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
        assertThat(pod.getContainers().get(0).getArgs()).containsSequence("--run-id", Long.toString(run))
                .containsSequence("--server", "http://umbra:8080");
        assertThat(pod.getNodeSelector()).containsEntry("umbra.dev/a100", "true");
        assertThat(pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms().get(0).getMatchExpressions().get(0).getValues()).containsExactly("40959");
        JsonPath pods = given().get("/api/v1/runners/pods").then().statusCode(200).extract().jsonPath();
        assertThat(pods.getString("find { it.run_id == " + run + " }.phase")).isEqualTo("PENDING");

        given().post("/api/v1/runs/" + run + "/cancel").then().statusCode(200);

        await("the Job's deletion", () -> jobsOf(run).isEmpty() ? Boolean.TRUE : null);
        assertThat(await("the pod's record", () -> {
            String phase = given().get("/api/v1/runners/pods").then().statusCode(200).extract().jsonPath()
                    .getString("find { it.run_id == " + run + " }.phase");
            return "DELETED".equals(phase) ? phase : null;
        })).isEqualTo("DELETED");
    }
}
