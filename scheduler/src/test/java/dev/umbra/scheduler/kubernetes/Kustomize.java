package dev.umbra.scheduler.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Renders a kustomization as {@code kubectl kustomize} does, for the few fields the deploy manifests
 * use: {@code resources} (files and kustomization folders), {@code namespace}, {@code images} (on the
 * containers of Deployments, the only workload there) and a {@code configMapGenerator} that merges
 * literals into a ConfigMap of its bases under the same name.
 * Any other field fails the parse (unknown record components), so a manifest can never use a feature
 * this rendering silently skips; {@code DeployManifestsTest} compares it with kubectl's where kubectl is installed.
 */
final class Kustomize {

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    record Kustomization(String apiVersion, String kind, String namespace, List<String> resources, List<Image> images,
                         List<ConfigMapGenerator> configMapGenerator) {
    }

    record Image(String name, String newName, String newTag) {
    }

    record ConfigMapGenerator(String name, String behavior, Options options, List<String> literals) {
    }

    record Options(boolean disableNameSuffixHash) {
    }

    private Kustomize() {
    }

    /** The objects {@code kubectl kustomize dir} prints, in the order of their resources. */
    static List<HasMetadata> build(Path dir) {
        Kustomization k = read(dir.resolve("kustomization.yaml"));
        List<HasMetadata> objects = new ArrayList<>();
        for (String resource : k.resources()) {
            Path path = dir.resolve(resource).normalize();
            objects.addAll(Files.isDirectory(path) ? build(path) : load(path));
        }
        for (ConfigMapGenerator generator : orEmpty(k.configMapGenerator())) {
            merge(objects, generator);
        }
        for (Image image : orEmpty(k.images())) {
            containers(objects).filter(c -> imageName(c.getImage()).equals(image.name()))
                    .forEach(c -> c.setImage(image.newName() + ":" + image.newTag()));
        }
        if (k.namespace() != null) {
            for (HasMetadata object : objects) {
                if (!(object instanceof Namespaced)) {
                    throw new IllegalArgumentException("not rendered here: a cluster-scoped " + object.getKind());
                }
                object.getMetadata().setNamespace(k.namespace());
                // kustomize gives ServiceAccount subjects without a namespace the new one.
                if (object instanceof RoleBinding binding) {
                    binding.getSubjects().stream()
                            .filter(s -> "ServiceAccount".equals(s.getKind()) && s.getNamespace() == null)
                            .forEach(s -> s.setNamespace(k.namespace()));
                }
            }
        }
        return objects;
    }

    /** Every document of a YAML file, typed by its kind. */
    static List<HasMetadata> load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Object parsed = SERIALIZATION.unmarshal(in);
            if (parsed instanceof List<?> list) {
                return list.stream().map(HasMetadata.class::cast).toList();
            }
            return List.of((HasMetadata) parsed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Kustomization read(Path file) {
        try {
            return YAML.readValue(file.toFile(), Kustomization.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void merge(List<HasMetadata> objects, ConfigMapGenerator generator) {
        // A generated name carries a hash of its content unless switched off; that hash is not rendered here.
        if (!"merge".equals(generator.behavior()) || generator.options() == null
                || !generator.options().disableNameSuffixHash()) {
            throw new IllegalArgumentException("not rendered here: configMapGenerator " + generator.name()
                    + " other than behavior merge with disableNameSuffixHash");
        }
        ConfigMap target = objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .filter(c -> c.getMetadata().getName().equals(generator.name())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no ConfigMap " + generator.name() + " to merge into"));
        Map<String, String> data = new LinkedHashMap<>(target.getData());
        for (String literal : generator.literals()) {
            int eq = literal.indexOf('=');
            data.put(literal.substring(0, eq), literal.substring(eq + 1));
        }
        target.setData(data);
    }

    static Stream<Container> containers(List<HasMetadata> objects) {
        return objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .flatMap(d -> Stream.concat(d.getSpec().getTemplate().getSpec().getContainers().stream(),
                        d.getSpec().getTemplate().getSpec().getInitContainers().stream()));
    }

    /** An image reference without its tag or digest (a registry's port is not a tag). */
    private static String imageName(String image) {
        int at = image.indexOf('@');
        String name = at < 0 ? image : image.substring(0, at);
        int colon = name.lastIndexOf(':');
        return colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
