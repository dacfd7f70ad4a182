package dev.umbra.api.launcher;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform with the Kubernetes launcher on, against fabric8's mock API server in CRUD mode. The
 * caps are wide because the test database holds other tests' queued runs, which get pods too.
 */
public class KubernetesLauncherProfile implements QuarkusTestProfile {

    static final String NAMESPACE = "umbra-test";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("umbra.launcher", "kubernetes",
                "umbra.launcher.kubernetes.namespace", NAMESPACE,
                "umbra.launcher.kubernetes.image", "registry.example/umbra-runner:test",
                "umbra.launcher.kubernetes.server-url", "http://umbra:8080",
                "umbra.launcher.kubernetes.max-pods", "10000",
                "umbra.launcher.kubernetes.max-pods-per-team", "10000",
                "umbra.launcher.kubernetes.interval", "1s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resource.class));
    }

    public static class Resource implements QuarkusTestResourceLifecycleManager {

        private KubernetesMockServer server;

        @Override
        public Map<String, String> start() {
            server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new MockWebServer(), new HashMap<>(),
                    new KubernetesCrudDispatcher(), false);
            server.init();
            return Map.of("quarkus.kubernetes-client.api-server-url", server.url("/"),
                    "quarkus.kubernetes-client.namespace", NAMESPACE);
        }

        @Override
        public void inject(TestInjector injector) {
            injector.injectIntoFields(server.createClient(), new TestInjector.MatchesType(KubernetesClient.class));
        }

        @Override
        public void stop() {
            server.destroy();
        }
    }
}
