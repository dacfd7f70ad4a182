package dev.umbra.client.spec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BaseJsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON of a run spec (sorted keys, no insignificant whitespace, every default filled
 * in) and the two hashes derived from it.
 *
 * <p>{@code config_hash} groups the seeds of one configuration: it covers everything but the
 * seed. {@code run_hash} covers the seed too. Both leave out priority and resources (they change
 * where and when a run trains, not what it computes) and include the dataset's checksum, so the
 * same spec on different data never shares a hash.
 */
public final class SpecJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SerializerProvider SERIALIZERS = MAPPER.getSerializerProviderInstance();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Where and when a run trains, not what it computes: outside both hashes. */
    private static final List<String> PLACEMENT = List.of("priority", "resources");
    private static final String DATASET_CHECKSUM = "dataset_checksum";
    private static final String SEED_FIELD = "\"seed\":";

    private SpecJson() {
    }

    /** The spec as a JSON tree with every field present, in canonical key order. */
    public static ObjectNode canonical(RunSpec spec) {
        ObjectNode root = NODES.objectNode();
        root.put("dataset", spec.dataset());
        root.put("backbone", spec.backbone().id());

        ObjectNode method = root.putObject("method");
        method.put("name", spec.method().name().id());
        method.set("params", params(spec.method().params()));

        ObjectNode optimizer = root.putObject("optimizer");
        optimizer.put("name", spec.optimizer().name().id());
        optimizer.put("lr", spec.optimizer().lr());
        optimizer.put("momentum", spec.optimizer().momentum());
        optimizer.put("weight_decay", spec.optimizer().weightDecay());
        optimizer.putArray("betas").add(spec.optimizer().beta1()).add(spec.optimizer().beta2());
        optimizer.put("lars_eta", spec.optimizer().larsEta());
        optimizer.put("exclude_bias_and_norm", spec.optimizer().excludeBiasAndNorm());

        ObjectNode schedule = root.putObject("schedule");
        schedule.put("kind", spec.schedule().kind().id());
        schedule.put("warmup_epochs", spec.schedule().warmupEpochs());
        schedule.put("min_lr_ratio", spec.schedule().minLrRatio());

        root.put("epochs", spec.epochs());
        root.put("batch_size", spec.batchSize());
        if (spec.maxStepsPerEpoch() != null) {
            root.put("max_steps_per_epoch", spec.maxStepsPerEpoch());
        }

        ObjectNode augmentation = root.putObject("augmentation");
        augmentation.put("recipe", spec.augmentation().recipe().id());
        augmentation.set("view1", params(spec.augmentation().view1()));
        augmentation.set("view2", params(spec.augmentation().view2()));

        root.put("seed", spec.seed());

        ObjectNode evaluation = root.putObject("evaluation");
        ArrayNode protocols = evaluation.putArray("protocols");
        spec.evaluation().protocols().forEach(p -> protocols.add(p.id()));
        evaluation.put("knn_every_epochs", spec.evaluation().knnEveryEpochs());
        evaluation.put("diagnostics", spec.evaluation().diagnostics());
        ObjectNode collapse = evaluation.putObject("collapse");
        collapse.put("std_fraction", spec.evaluation().collapse().stdFraction());
        collapse.put("patience_epochs", spec.evaluation().collapse().patienceEpochs());
        collapse.put("stop", spec.evaluation().collapse().stop());

        ObjectNode checkpoint = root.putObject("checkpoint");
        checkpoint.put("every_epochs", spec.checkpoint().everyEpochs());
        checkpoint.put("keep_last", spec.checkpoint().keepLast());

        ObjectNode resources = root.putObject("resources");
        resources.put("gpus", spec.resources().gpus());
        resources.put("gpu_memory_gb", spec.resources().gpuMemoryGb());
        ArrayNode labels = resources.putArray("labels");
        spec.resources().labels().forEach(labels::add);

        root.put("priority", spec.priority());
        return sorted(root);
    }

    /** Compact JSON text with keys sorted at every level. */
    public static String write(JsonNode node) {
        return written(g -> writeSorted(g, node));
    }

    /** Both hashes of a spec. */
    public record Hashes(String configHash, String runHash) {
    }

    /**
     * Both hashes, from the spec's canonical tree (which the caller stores as the run's resolved
     * spec; the tree is not modified).
     */
    public static Hashes hashes(ObjectNode canonical, String datasetChecksum) {
        SeedTemplate text = runHashText(canonical, datasetChecksum);
        return new Hashes(configHash(text), runHash(text, canonical.get("seed").longValue()));
    }

    public static String configHash(RunSpec spec, String datasetChecksum) {
        return hashes(canonical(spec), datasetChecksum).configHash();
    }

    public static String runHash(RunSpec spec, String datasetChecksum) {
        return hashes(canonical(spec), datasetChecksum).runHash();
    }

    /** The config hash, from a spec's canonical tree: the same for every seed. */
    public static String configHash(ObjectNode canonical, String datasetChecksum) {
        return configHash(runHashText(canonical, datasetChecksum));
    }

    /**
     * The config hash from the text the run hash covers: that text without its seed field (keys are
     * sorted, so the rest is exactly what the tree without a seed writes). A sweep writes one text per
     * configuration, not two.
     */
    public static String configHash(SeedTemplate runHashText) {
        String head = runHashText.head().substring(0, runHashText.head().length() - SEED_FIELD.length());
        String tail = runHashText.tail();
        if (head.endsWith(",")) {
            return sha256(head.substring(0, head.length() - 1) + tail);
        }
        return sha256(head + (tail.startsWith(",") ? tail.substring(1) : tail)); // the seed was the first field
    }

    /**
     * The text the run hash covers, around the seed: the canonical tree without the placement fields,
     * with the dataset's checksum, keys sorted. Written straight from the tree, not from edited and
     * sorted copies of it, which were most of a 10,000-run sweep's expansion. A sweep writes it once
     * per configuration and hashes each seed's run from it ({@link #runHash(SeedTemplate, long)}).
     */
    public static SeedTemplate runHashText(ObjectNode canonical, String datasetChecksum) {
        requireSeed(canonical);
        List<String> names = new ArrayList<>(canonical.size() + 1);
        canonical.fieldNames().forEachRemaining(name -> {
            if (!PLACEMENT.contains(name)) {
                names.add(name);
            }
        });
        names.add(DATASET_CHECKSUM);
        names.sort(null);
        return template(names, (g, name) -> {
            if (name.equals(DATASET_CHECKSUM)) {
                g.writeString(datasetChecksum);
            } else {
                writeSorted(g, canonical.get(name));
            }
        });
    }

    /** The run hash of one seed of a configuration. */
    public static String runHash(SeedTemplate runHashText, long seed) {
        return sha256(runHashText.withSeed(seed));
    }

    /**
     * A spec's JSON text around its top-level seed ({@code head + seed + tail}). The runs of one
     * configuration differ only there: a sweep writes the text once per configuration, not once per run.
     */
    public record SeedTemplate(String head, String tail) {

        public String withSeed(long seed) {
            return head + seed + tail;
        }
    }

    /**
     * {@code spec}'s text exactly as {@code spec.toString()} writes it, around its top-level seed,
     * which it must have.
     */
    public static SeedTemplate seedTemplate(ObjectNode spec) {
        requireSeed(spec);
        List<String> names = new ArrayList<>(spec.size());
        spec.fieldNames().forEachRemaining(names::add);
        return template(names, (g, name) -> g.writeTree(spec.get(name)));
    }

    private interface FieldWriter {
        void write(JsonGenerator g, String name) throws IOException;
    }

    /**
     * Writes an object of these fields in this order, leaving out the value of the field "seed":
     * the text splits there. The fields include "seed" (the callers check).
     */
    private static SeedTemplate template(List<String> names, FieldWriter fields) {
        StringWriter text = new StringWriter(2048);
        int split = 0;
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(text)) {
            g.writeStartObject();
            for (String name : names) {
                g.writeFieldName(name);
                if (name.equals("seed")) {
                    g.writeRawValue(""); // writes the separator before the value, and nothing for the value
                    g.flush();
                    split = text.getBuffer().length();
                } else {
                    fields.write(g, name);
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string cannot fail", e);
        }
        String written = text.toString();
        return new SeedTemplate(written.substring(0, split), written.substring(split));
    }

    private static void requireSeed(ObjectNode spec) {
        if (!spec.path("seed").isIntegralNumber()) {
            throw new IllegalArgumentException("the spec has no integer seed at its top level");
        }
    }

    /**
     * What {@code config_hash} covers, from a spec's canonical tree (as a run stores it): the tree
     * without seed, priority and resources, with the dataset's checksum. The tree is not modified.
     */
    public static ObjectNode configContent(ObjectNode canonical, String datasetChecksum) {
        ObjectNode node = canonical.deepCopy();
        node.remove(PLACEMENT);
        node.remove("seed");
        node.put(DATASET_CHECKSUM, datasetChecksum);
        return node;
    }

    private static ObjectNode params(Params params) {
        ObjectNode node = NODES.objectNode();
        for (Map.Entry<String, Object> e : params.asMap().entrySet()) {
            Object v = e.getValue();
            if (v instanceof Integer i) {
                node.put(e.getKey(), i);
            } else if (v instanceof Double d) {
                node.put(e.getKey(), d);
            } else if (v instanceof Boolean b) {
                node.put(e.getKey(), b);
            } else {
                throw new IllegalStateException("unexpected parameter type " + v);
            }
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static <T extends JsonNode> T sorted(T node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            Iterator<String> it = node.fieldNames();
            it.forEachRemaining(names::add);
            names.sort(null);
            ObjectNode out = NODES.objectNode();
            for (String name : names) {
                out.set(name, sorted(node.get(name)));
            }
            return (T) out;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            node.forEach(child -> out.add(sorted(child)));
            return (T) out;
        }
        return node;
    }

    /** Writes {@code node} with the keys of every object sorted; values as Jackson writes them. */
    private static void writeSorted(JsonGenerator g, JsonNode node) throws IOException {
        if (node.isObject()) {
            List<String> names = new ArrayList<>(node.size());
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            g.writeStartObject();
            for (String name : names) {
                g.writeFieldName(name);
                writeSorted(g, node.get(name));
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode child : node) {
                writeSorted(g, child);
            }
            g.writeEndArray();
        } else {
            ((BaseJsonNode) node).serialize(g, SERIALIZERS);
        }
    }

    private interface Writing {
        void to(JsonGenerator g) throws IOException;
    }

    private static String written(Writing writing) {
        StringWriter text = new StringWriter(2048);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(text)) {
            writing.to(g);
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string cannot fail", e);
        }
        return text.toString();
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
