package dev.umbra.scheduler.kubernetes;

import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.Objects;

/**
 * How the Kubernetes launcher shapes and bounds the runner pods it starts.
 *
 * @param namespace          where the Jobs live (the launcher's own, usually)
 * @param image              the runner image; its entrypoint is {@code umbra-runner}, so arguments start with {@code agent}
 * @param serverUrl          the platform's URL as the pods reach it
 * @param tokenSecret        a Secret whose key {@code token} holds a platform runner token
 * @param maxPods            launched pods alive at once, all teams together
 * @param maxPodsPerTeam     launched pods alive at once for one team's runs
 * @param pendingTimeout     a pod not running after this long is deleted, and its run launched again after a backoff
 * @param ttlAfterFinished   Kubernetes deletes a finished Job this long after it ends; the launcher's record of a pod lives as long
 * @param memoryPerGpu       the memory a GPU run's pod requests per GPU
 * @param cpuRunMemory       the memory a CPU run's pod requests
 * @param maxFailedLaunches  launches of one run that may fail in a row (within {@code ttlAfterFinished}) before the launcher stops trying
 * @param backoffBase        the wait after a failed launch, doubled per failure, at most {@code backoffMax}
 */
public record LauncherSettings(String namespace, String image, String serverUrl, String tokenSecret, int maxPods,
                               int maxPodsPerTeam, Duration pendingTimeout, Duration ttlAfterFinished,
                               Quantity memoryPerGpu, Quantity cpuRunMemory, int maxFailedLaunches,
                               Duration backoffBase, Duration backoffMax) {

    public LauncherSettings {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(serverUrl, "serverUrl");
        Objects.requireNonNull(tokenSecret, "tokenSecret");
        if (maxPods < 0 || maxPodsPerTeam < 0 || maxFailedLaunches < 1) {
            throw new IllegalArgumentException("pod caps must be at least 0 and max failed launches at least 1");
        }
    }
}
