package dev.umbra.scheduler.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests of deploy/kubernetes: the base and the example overlay rendered as
 * kustomize renders them, checked for what the platform and its launcher need, and applied to an
 * API server (fabric8's mock, which stores what it is given) and read back.
 */
@EnableKubernetesMockClient(crud = true)
class DeployManifestsTest {

    private static final Path DEPLOY = Path.of(System.getProperty("umbra.deploy.dir"));
    private static final Path BASE = DEPLOY.resolve("base");
    private static final Path OVERLAY = DEPLOY.resolve("overlays/example");

    /** Held, so that the level stays: fabric8's mock server logs every request at INFO. */
    private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_SERVER_LOG.setLevel(Level.WARNING);
    }

    static KubernetesClient client;

    private final List<HasMetadata> base = Kustomize.build(BASE);

    @Test
    void thePlatformRunsTwoReplicasProbedOnItsHealthEndpoints() {
        Deployment deployment = one(base, Deployment.class);
        Container platform = platform(deployment);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(platform.getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getName()).isEqualTo("http"))
                .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
        assertThat(platform.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(platform.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(platform.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        Stream.of(platform.getReadinessProbe(), platform.getLivenessProbe(), platform.getStartupProbe())
                .forEach(probe -> assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http"));
    }

    @Test
    void theLauncherMayOnlyHandleJobsAndTheirPodsInItsOwnNamespace() {
        Role role = one(base, Role.class);
        RoleBinding binding = one(base, RoleBinding.class);
        Deployment deployment = one(base, Deployment.class);

        assertThat(role.getRules()).extracting(DeployManifestsTest::describe).containsExactlyInAnyOrder(
                "batch/jobs: create,delete,get,list,watch",
                "/pods: delete,get,list,watch",
                "/pods/log: get");
        assertThat(base).noneMatch(o -> o.getKind().startsWith("Cluster"));
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        String account = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(account);
            assertThat(s.getNamespace()).as("the binding's own namespace").isNull();
        });
        assertThat(one(base, ServiceAccount.class).getMetadata().getName()).isEqualTo(account);
    }

    @Test
    void theConfigurationUsesTheExternalStoresAndTheLauncherInsteadOfLocalRunners() {
        Map<String, String> config = config(base);
        Deployment deployment = one(base, Deployment.class);

        assertThat(platform(deployment).getEnvFrom()).singleElement()
                .satisfies(e -> assertThat(e.getConfigMapRef().getName()).isEqualTo(one(base, ConfigMap.class).getMetadata().getName()));
        assertThat(config).containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0")
                .containsEntry("UMBRA_EMBEDDED_DATABASE", "false")
                .containsEntry("UMBRA_ARTIFACTS_STORE", "s3")
                .containsEntry("UMBRA_LOCAL_RUNNERS_COUNT", "0")
                .containsEntry("UMBRA_LAUNCHER", "kubernetes")
                .containsKeys("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "UMBRA_ARTIFACTS_S3_ENDPOINT",
                        "UMBRA_ARTIFACTS_S3_BUCKET", "UMBRA_ARTIFACTS_S3_REGION", "UMBRA_LAUNCHER_KUBERNETES_IMAGE",
                        "UMBRA_LAUNCHER_KUBERNETES_MAX_PODS", "UMBRA_LAUNCHER_KUBERNETES_MAX_PODS_PER_TEAM",
                        "UMBRA_LAUNCHER_KUBERNETES_PENDING_TIMEOUT", "UMBRA_LAUNCHER_KUBERNETES_TTL_AFTER_FINISHED",
                        "UMBRA_LAUNCHER_KUBERNETES_MEMORY_PER_GPU", "UMBRA_LAUNCHER_KUBERNETES_CPU_RUN_MEMORY");
        assertThat(config.get("QUARKUS_DATASOURCE_JDBC_URL")).startsWith("jdbc:postgresql://");

        // Launched pods reach the platform through the Service, which forwards to the platform's port.
        URI server = URI.create(config.get("UMBRA_LAUNCHER_KUBERNETES_SERVER_URL"));
        Service service = one(base, Service.class);
        assertThat(server.getHost()).isEqualTo(service.getMetadata().getName());
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(server.getPort());
            assertThat(p.getTargetPort().getStrVal()).isEqualTo(platform(deployment).getPorts().get(0).getName());
        });
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(service.getSpec().getSelector());
    }

    @Test
    void everySecretReadIsDefinedByAnExampleThatHoldsNoRealSecret() {
        List<Secret> examples = exampleSecrets();
        Map<String, Map<String, String>> byName = examples.stream()
                .collect(Collectors.toMap(s -> s.getMetadata().getName(), Secret::getStringData));
        List<SecretKeySelector> refs = platform(one(base, Deployment.class)).getEnv().stream().map(EnvVar::getValueFrom)
                .filter(Objects::nonNull).map(v -> v.getSecretKeyRef()).filter(Objects::nonNull).toList();

        assertThat(refs).extracting(SecretKeySelector::getName)
                .contains("umbra-database", "umbra-s3", "umbra-bootstrap-admin");
        assertThat(refs).allSatisfy(ref -> assertThat(byName).as(ref.getName())
                .hasEntrySatisfying(ref.getName(), data -> assertThat(data).containsKey(ref.getKey())));
        assertThat(byName).hasEntrySatisfying(config(base).get("UMBRA_LAUNCHER_KUBERNETES_TOKEN_SECRET"),
                data -> assertThat(data).containsOnlyKeys("token"));
        assertThat(examples).flatExtracting(s -> s.getStringData().values()).allSatisfy(v -> assertThat(v).startsWith("change-me"));
        // Not part of the manifests: applying them again must never reset a real secret.
        assertThat(base).noneMatch(Secret.class::isInstance);
    }

    @Test
    void noContainerRunsAsRootAndOnlyEmptyDirsAreWritable() {
        Deployment deployment = one(base, Deployment.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container platform = platform(deployment);

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getInitContainers()).isEmpty();
        assertThat(platform.getSecurityContext().getRunAsUser()).as("not set back to root").isNull();
        assertThat(platform.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(platform.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(platform.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");

        // What the platform writes: temporary files and its data directory (configured in the ConfigMap).
        Set<String> emptyDirs = pod.getVolumes().stream().filter(v -> v.getEmptyDir() != null).map(Volume::getName)
                .collect(Collectors.toSet());
        assertThat(platform.getVolumeMounts()).allSatisfy(m -> assertThat(emptyDirs).contains(m.getName()))
                .extracting(VolumeMount::getMountPath)
                .containsExactlyInAnyOrder("/tmp", config(base).get("UMBRA_EMBEDDED_DATA_DIR"));
    }

    @Test
    void thePlatformRequestsCpuAndMemoryWithinItsLimits() {
        var resources = platform(one(base, Deployment.class)).getResources();

        assertThat(resources.getRequests()).containsOnlyKeys("cpu", "memory");
        assertThat(resources.getLimits()).containsOnlyKeys("cpu", "memory");
        for (String kind : List.of("cpu", "memory")) {
            assertThat(Quantity.getAmountInBytes(resources.getRequests().get(kind)))
                    .isLessThanOrEqualTo(Quantity.getAmountInBytes(resources.getLimits().get(kind)));
        }
    }

    @Test
    void theExampleOverlaySetsTheTeamsNamespaceImagesDatabaseAndStore() {
        List<HasMetadata> overlay = Kustomize.build(OVERLAY);
        Map<String, String> config = config(overlay);

        assertThat(overlay).extracting(o -> o.getMetadata().getNamespace()).containsOnly("umbra-vision");
        assertThat(one(overlay, RoleBinding.class).getSubjects().get(0).getNamespace()).isEqualTo("umbra-vision");
        assertThat(platform(one(overlay, Deployment.class)).getImage())
                .isEqualTo("registry.example.org/vision/umbra-platform:0.1.0");
        assertThat(config).containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://postgres.vision.example.org:5432/umbra")
                .containsEntry("UMBRA_ARTIFACTS_S3_ENDPOINT", "https://s3.vision.example.org")
                .containsEntry("UMBRA_LAUNCHER_KUBERNETES_IMAGE", "registry.example.org/vision/umbra-runner:0.1.0");
        // The keys the overlay leaves alone keep the base's values.
        assertThat(config).hasSameSizeAs(config(base))
                .containsEntry("UMBRA_LAUNCHER", "kubernetes").containsEntry("UMBRA_LOCAL_RUNNERS_COUNT", "0");
        assertThat(overlay).hasSameSizeAs(base);
    }

    @Test
    void theBaseWithItsSecretsAndTheOverlayApplyToAnApiServerAndReadBackAsWritten() {
        List<HasMetadata> everything = new ArrayList<>(base);
        everything.addAll(exampleSecrets());
        everything.forEach(o -> o.getMetadata().setNamespace("umbra")); // as `kubectl apply -n umbra` does
        everything.addAll(Kustomize.build(OVERLAY));

        for (HasMetadata object : everything) {
            client.resource(object).create();
        }

        for (HasMetadata object : everything) {
            HasMetadata stored = client.resource(object).get();
            assertThat(stored).as(object.getKind() + " " + object.getMetadata().getName()).isNotNull();
            assertThat(stored.getMetadata().getUid()).isNotBlank();
            assertThat(asWritten(stored)).isEqualTo(asWritten(object));
        }
        assertThat(client.apps().deployments().inNamespace("umbra-vision").withName("umbra").get().getSpec().getReplicas())
                .isEqualTo(2);
        assertThat(client.rbac().roles().inNamespace("umbra").list().getItems()).hasSize(1);
    }

    @Test
    void theRenderingHereIsKubectlKustomizes() throws IOException, InterruptedException {
        assumeThat(onPath("kubectl")).as("kubectl is not installed: the rendering is not compared with kustomize's").isTrue();

        for (Path dir : List.of(BASE, OVERLAY)) {
            assertThat(sorted(kubectlKustomize(dir))).as(dir.toString()).isEqualTo(sorted(Kustomize.build(dir)));
        }
    }

    private static List<Secret> exampleSecrets() {
        try (Stream<Path> files = Files.list(BASE)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".example.yaml")).sorted()
                    .flatMap(f -> Kustomize.load(f).stream()).map(Secret.class::cast).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The object without what an API server adds to its metadata (uid, resource version, timestamps). */
    private static HasMetadata asWritten(HasMetadata object) {
        HasMetadata copy = Kustomize.SERIALIZATION.clone(object);
        copy.setMetadata(new ObjectMetaBuilder().withName(object.getMetadata().getName())
                .withNamespace(object.getMetadata().getNamespace()).withLabels(object.getMetadata().getLabels()).build());
        return copy;
    }

    private static List<HasMetadata> kubectlKustomize(Path dir) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(process.getErrorStream().readAllBytes())).isZero();
        Object parsed = Kustomize.SERIALIZATION.unmarshal(new ByteArrayInputStream(out));
        return ((List<?>) parsed).stream().map(HasMetadata.class::cast).toList();
    }

    private static List<HasMetadata> sorted(List<HasMetadata> objects) {
        return objects.stream().sorted(Comparator.comparing((HasMetadata o) -> o.getKind())
                .thenComparing(o -> o.getMetadata().getName())).toList();
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    private static String describe(PolicyRule rule) {
        return String.join(",", rule.getApiGroups()) + "/" + String.join(",", rule.getResources()) + ": "
                + rule.getVerbs().stream().sorted().collect(Collectors.joining(","));
    }

    private static Map<String, String> config(List<HasMetadata> objects) {
        return one(objects, ConfigMap.class).getData();
    }

    private static Container platform(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("platform")).findFirst().orElseThrow();
    }

    private static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
        List<T> matching = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(matching).as(type.getSimpleName()).hasSize(1);
        return matching.get(0);
    }
}
