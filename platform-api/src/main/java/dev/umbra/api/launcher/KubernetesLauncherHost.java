package dev.umbra.api.launcher;

import dev.umbra.api.common.ClusterSingleton;
import dev.umbra.api.config.UmbraConfig;
import dev.umbra.scheduler.QueueSettings;
import dev.umbra.scheduler.kubernetes.KubernetesLauncher;
import dev.umbra.scheduler.kubernetes.LauncherSettings;
import io.agroal.api.AgroalDataSource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Hosts the Kubernetes launcher ({@code umbra.launcher=kubernetes}): checks its configuration at
 * start (a platform that cannot launch what it promises does not start) and runs one pass every
 * {@code umbra.launcher.kubernetes.interval} on whichever replica holds its advisory lock.
 */
@ApplicationScoped
public class KubernetesLauncherHost {

    private static final Logger LOG = Logger.getLogger(KubernetesLauncherHost.class);
    static final String TASK = "kubernetes-launcher";

    private final UmbraConfig config;
    private final Instance<KubernetesClient> client;
    private final AgroalDataSource dataSource;
    private final Clock clock;
    private final QueueSettings queue;
    private final ClusterSingleton singleton;
    private volatile KubernetesLauncher launcher;

    public KubernetesLauncherHost(UmbraConfig config, Instance<KubernetesClient> client, AgroalDataSource dataSource,
                                  Clock clock, QueueSettings queue, ClusterSingleton singleton) {
        this.config = config;
        this.client = client;
        this.dataSource = dataSource;
        this.clock = clock;
        this.queue = queue;
        this.singleton = singleton;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.launcher() != UmbraConfig.LauncherKind.KUBERNETES) {
            return;
        }
        UmbraConfig.KubernetesLauncher k = config.kubernetesLauncher();
        List<String> missing = new ArrayList<>();
        if (k.image().isEmpty()) {
            missing.add("umbra.launcher.kubernetes.image");
        }
        if (k.serverUrl().isEmpty()) {
            missing.add("umbra.launcher.kubernetes.server-url");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("umbra.launcher=kubernetes needs " + String.join(" and ", missing));
        }
        KubernetesClient kubernetes = client.get();
        String namespace = k.namespace().orElseGet(kubernetes::getNamespace);
        if (namespace == null) {
            throw new IllegalStateException("umbra.launcher=kubernetes: set umbra.launcher.kubernetes.namespace"
                    + " (the platform does not run in a pod, so it has no namespace of its own)");
        }
        LauncherSettings settings = new LauncherSettings(namespace, k.image().get(), k.serverUrl().get(), k.tokenSecret(),
                k.maxPods(), k.maxPodsPerTeam(), k.pendingTimeout(), k.ttlAfterFinished(), new Quantity(k.memoryPerGpu()),
                new Quantity(k.cpuRunMemory()), k.maxFailedLaunches(), queue.backoffBase(), queue.backoffMax());
        launcher = new KubernetesLauncher(kubernetes, dataSource, clock, settings, queue.lease());
        LOG.infof("Kubernetes launcher on: runner pods of %s in namespace %s, at most %d (%d per team)",
                settings.image(), namespace, settings.maxPods(), settings.maxPodsPerTeam());
    }

    @Scheduled(every = "${umbra.launcher.kubernetes.interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pass() {
        KubernetesLauncher active = launcher;
        if (active == null) {
            return;
        }
        try {
            singleton.runAlone(TASK, active::reconcile);
        } catch (RuntimeException e) {
            // The API server or the database is unreachable for now: the next pass tries again.
            LOG.warnf("Kubernetes launcher pass failed: %s", e.getMessage());
        }
    }
}
