package dev.umbra.client.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.umbra.client.dto.FieldError;
import dev.umbra.client.spec.RunSpec.AugmentationSpec;
import dev.umbra.client.spec.RunSpec.CheckpointSpec;
import dev.umbra.client.spec.RunSpec.CollapseSpec;
import dev.umbra.client.spec.RunSpec.EvaluationSpec;
import dev.umbra.client.spec.RunSpec.LrSchedule;
import dev.umbra.client.spec.RunSpec.MethodSpec;
import dev.umbra.client.spec.RunSpec.OptimizerSpec;
import dev.umbra.client.spec.RunSpec.ResourceSpec;
import dev.umbra.client.spec.RunSpec.ScheduleSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Validates a submitted run spec (a JSON tree) and resolves its defaults. Every problem is
 * collected, with the JSON path of the field, so that a client sees all of them at once.
 */
public final class SpecParser {

    public static final Pattern DATASET_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    public static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    public static final long MAX_SEED = (1L << 53) - 1;
    /** A run's priority: higher runs first. */
    public static final int MIN_PRIORITY = -100;
    public static final int MAX_PRIORITY = 100;

    private static final List<String> TOP_LEVEL = List.of("dataset", "backbone", "method", "optimizer", "schedule",
            "epochs", "batch_size", "max_steps_per_epoch", "augmentation", "seed", "evaluation", "checkpoint",
            "resources", "priority");

    private final List<FieldError> errors = new ArrayList<>();
    private final DatasetFacts facts;

    private SpecParser(DatasetFacts facts) {
        this.facts = facts;
    }

    /**
     * Parses and validates for a dataset that declares no facts ({@link DatasetFacts#DEFAULT}); throws
     * {@link InvalidSpecException} listing every bad field.
     */
    public static RunSpec parse(JsonNode root) {
        return parse(root, DatasetFacts.DEFAULT);
    }

    /** Parses and validates, resolving the recipe against the dataset's facts; throws listing every bad field. */
    public static RunSpec parse(JsonNode root, DatasetFacts facts) {
        List<FieldError> errors = new ArrayList<>();
        RunSpec spec = parse(root, facts, errors);
        if (!errors.isEmpty()) {
            throw new InvalidSpecException(errors);
        }
        return spec;
    }

    /**
     * Parses and validates, appending problems to {@code errors} (so callers can add their own,
     * such as an unknown dataset, to the same list). Returns null when anything is wrong.
     */
    public static RunSpec parse(JsonNode root, DatasetFacts facts, List<FieldError> errors) {
        SpecParser parser = new SpecParser(facts);
        RunSpec spec = parser.run(root);
        errors.addAll(parser.errors);
        return parser.errors.isEmpty() ? spec : null;
    }

    private RunSpec run(JsonNode root) {
        if (root == null || !root.isObject()) {
            error("", "the run spec must be a JSON object");
            return null;
        }
        Obj top = new Obj(root, "", TOP_LEVEL);

        String dataset = top.requiredString("dataset");
        if (dataset != null && !DATASET_NAME.matcher(dataset).matches()) {
            error("dataset", "must match " + DATASET_NAME.pattern());
        }
        Backbone backbone = top.optionalEnum("backbone", Backbone::fromId, Backbone.ids()).orElse(Backbone.CONVNET_S);
        int epochs = top.requiredInt("epochs", 1, 10_000);
        int batchSize = top.optionalInt("batch_size", 256, 2, 65_536);
        Integer maxSteps = top.has("max_steps_per_epoch") ? top.optionalInt("max_steps_per_epoch", 0, 1, 10_000_000) : null;
        long seed = top.optionalLong("seed", 0, 0, MAX_SEED);
        int priority = top.optionalInt("priority", 0, MIN_PRIORITY, MAX_PRIORITY);

        MethodSpec method = method(top);
        Method methodName = method == null ? Method.SIMCLR : method.name();
        if (method != null && methodName.trains() && facts.trainCount() != null && batchSize > facts.trainCount()) {
            error("batch_size", "must be at most the " + facts.trainCount() + " training images of dataset " + dataset
                    + " (a run that trains needs one whole batch)");
        }
        checkPatchSize(method, backbone);
        OptimizerSpec optimizer = optimizer(top, methodName, batchSize);
        ScheduleSpec schedule = schedule(top, epochs);
        AugmentationSpec augmentation = augmentation(top, methodName);
        EvaluationSpec evaluation = evaluation(top);
        CheckpointSpec checkpoint = checkpoint(top);
        ResourceSpec resources = resources(top);

        if (!errors.isEmpty()) {
            return null;
        }
        return new RunSpec(dataset, backbone, method, optimizer, schedule, epochs, batchSize, maxSteps,
                augmentation, seed, evaluation, checkpoint, resources, priority);
    }

    private MethodSpec method(Obj top) {
        Obj obj = top.requiredObject("method", List.of("name", "params"));
        if (obj == null) {
            return null;
        }
        Optional<Method> name = obj.requiredEnum("name", Method::fromId, Method.ids());
        if (name.isEmpty()) {
            return null;
        }
        Params params = params(obj, "params", name.get().params(), Params.defaults(name.get().params()));
        return new MethodSpec(name.get(), params);
    }

    private OptimizerSpec optimizer(Obj top, Method method, int batchSize) {
        Obj obj = top.optionalObject("optimizer", List.of("name", "lr", "momentum", "weight_decay", "betas",
                "lars_eta", "exclude_bias_and_norm"));
        OptimizerName name = obj == null ? method.defaultOptimizer()
                : obj.optionalEnum("name", OptimizerName::fromId, OptimizerName.ids()).orElse(method.defaultOptimizer());
        double defaultLr;
        double defaultWd;
        if (name == method.defaultOptimizer()) {
            defaultLr = method.defaultLr();
            defaultWd = method.defaultWeightDecay();
        } else {
            defaultLr = switch (name) {
                case SGD -> 0.1;
                case LARS -> 0.3;
                case ADAM, ADAMW -> 1e-3;
            };
            defaultWd = name == OptimizerName.ADAMW ? 0.05 : 1e-5;
        }
        if (name == OptimizerName.SGD || name == OptimizerName.LARS) {
            defaultLr = defaultLr * batchSize / 256.0; // linear scaling rule (Goyal et al. 2017)
        }
        if (obj == null) {
            return new OptimizerSpec(name, defaultLr, 0.9, defaultWd, 0.9, 0.999, 0.02, true);
        }
        double lr = obj.optionalDouble("lr", defaultLr, 0, 100);
        double momentum = obj.optionalDouble("momentum", 0.9, 0, 0.9999);
        double wd = obj.optionalDouble("weight_decay", defaultWd, 0, 10);
        double[] betas = obj.optionalPair("betas", new double[] {0.9, 0.999}, 0, 0.99999);
        double eta = obj.optionalDouble("lars_eta", 0.02, 1e-6, 10);
        boolean exclude = obj.optionalBool("exclude_bias_and_norm", true);
        if (lr == 0 && method.trains()) {
            error("optimizer.lr", "must be greater than 0 for a method that trains");
        }
        return new OptimizerSpec(name, lr, momentum, wd, betas[0], betas[1], eta, exclude);
    }

    private ScheduleSpec schedule(Obj top, int epochs) {
        double defaultWarmup = Math.min(10.0, 0.1 * Math.max(epochs, 0));
        Obj obj = top.optionalObject("schedule", List.of("kind", "warmup_epochs", "min_lr_ratio"));
        if (obj == null) {
            return new ScheduleSpec(LrSchedule.COSINE, defaultWarmup, 0.0);
        }
        LrSchedule kind = obj.optionalEnum("kind", SpecParser::schedule, List.of("cosine", "constant"))
                .orElse(LrSchedule.COSINE);
        double warmup = obj.optionalDouble("warmup_epochs", defaultWarmup, 0, 10_000);
        if (epochs > 0 && warmup > epochs) {
            error("schedule.warmup_epochs", "must not exceed epochs (" + epochs + ")");
        }
        double minRatio = obj.optionalDouble("min_lr_ratio", 0.0, 0, 1);
        return new ScheduleSpec(kind, warmup, minRatio);
    }

    private static Optional<LrSchedule> schedule(String id) {
        return Arrays.stream(LrSchedule.values()).filter(s -> s.id().equals(id)).findFirst();
    }

    private AugmentationSpec augmentation(Obj top, Method method) {
        Obj obj = top.optionalObject("augmentation", List.of("recipe", "params", "view1", "view2"));
        Recipe recipe = obj == null ? method.defaultRecipe()
                : obj.optionalEnum("recipe", Recipe::fromId, Recipe.ids()).orElse(method.defaultRecipe());
        Params view1 = recipe.viewDefaults(0, facts);
        Params view2 = recipe.viewDefaults(1, facts);
        if (obj != null) {
            // "params" apply to both views; "view1" / "view2" then override one view.
            view1 = params(obj, "params", Recipe.PARAMS, view1);
            view2 = params(obj, "params", Recipe.PARAMS, view2);
            view1 = params(obj, "view1", Recipe.PARAMS, view1);
            view2 = params(obj, "view2", Recipe.PARAMS, view2);
        }
        checkRange(view1, "augmentation.view1", "crop_scale_min", "crop_scale_max");
        checkRange(view2, "augmentation.view2", "crop_scale_min", "crop_scale_max");
        checkRange(view1, "augmentation.view1", "crop_ratio_min", "crop_ratio_max");
        checkRange(view2, "augmentation.view2", "crop_ratio_min", "crop_ratio_max");
        checkRange(view1, "augmentation.view1", "blur_sigma_min", "blur_sigma_max");
        checkRange(view2, "augmentation.view2", "blur_sigma_min", "blur_sigma_max");
        checkRange(view1, "augmentation.view1", "erase_scale_min", "erase_scale_max");
        checkRange(view2, "augmentation.view2", "erase_scale_min", "erase_scale_max");
        checkFlip(view1, "augmentation.view1");
        checkFlip(view2, "augmentation.view2");
        return new AugmentationSpec(recipe, view1, view2);
    }

    /**
     * A transformer cuts its input into whole patches: MAE masks those very patches, so the two sizes must
     * agree; DINO's local crops must be whole patches too.
     */
    private void checkPatchSize(MethodSpec method, Backbone backbone) {
        if (method != null && method.name() == Method.MAE && backbone.isTransformer()
                && method.params().getInt("patch_size") != backbone.patchSize()) {
            error("method.params.patch_size", "must equal the patch size of backbone " + backbone.id() + " ("
                    + backbone.patchSize() + "): MAE masks the transformer's patches; got "
                    + method.params().getInt("patch_size"));
        }
        // DINO's local crops go through the same transformer: whole patches only (0 picks a size that is).
        if (method != null && method.name() == Method.DINO && backbone.isTransformer()
                && method.params().getInt("local_crop_size") % backbone.patchSize() != 0) {
            error("method.params.local_crop_size", "must be a multiple of the patch size of backbone " + backbone.id()
                    + " (" + backbone.patchSize() + "), or 0 for the default; got " + method.params().getInt("local_crop_size"));
        }
    }

    /** Refused rather than honoured: a flip on such a dataset trains on wrong labels, whoever asked for it. */
    private void checkFlip(Params params, String path) {
        if (!facts.hflipPreservesLabels() && params.getDouble("flip_prob") > 0) {
            error(path + ".flip_prob", "must be 0: the dataset declares that horizontal flips change its labels"
                    + " (hflip_preserves_labels false)");
        }
    }

    private void checkRange(Params params, String path, String min, String max) {
        if (params.getDouble(min) > params.getDouble(max)) {
            error(path + "." + min, "must not exceed " + max + " (" + params.getDouble(max) + ")");
        }
    }

    private EvaluationSpec evaluation(Obj top) {
        List<EvalProtocol> defaultProtocols = List.of(EvalProtocol.KNN_V1, EvalProtocol.LINEAR_PROBE_V1);
        Obj obj = top.optionalObject("evaluation", List.of("protocols", "knn_every_epochs", "diagnostics", "collapse"));
        if (obj == null) {
            return new EvaluationSpec(defaultProtocols, 1, true, new CollapseSpec(0.1, 3, false));
        }
        List<EvalProtocol> protocols = defaultProtocols;
        JsonNode list = obj.node.get("protocols");
        if (list != null) {
            if (!list.isArray()) {
                error(obj.path("protocols"), "must be an array of protocol ids");
            } else {
                Set<EvalProtocol> chosen = new TreeSet<>();
                for (int i = 0; i < list.size(); i++) {
                    JsonNode item = list.get(i);
                    Optional<EvalProtocol> p = item.isTextual() ? EvalProtocol.fromId(item.asText()) : Optional.empty();
                    if (p.isEmpty()) {
                        error(obj.path("protocols") + "[" + i + "]", "unknown protocol; allowed: " + EvalProtocol.ids());
                    } else {
                        chosen.add(p.get());
                    }
                }
                protocols = List.copyOf(chosen);
            }
        }
        int knnEvery = obj.optionalInt("knn_every_epochs", 1, 0, 10_000);
        boolean diagnostics = obj.optionalBool("diagnostics", true);
        CollapseSpec collapse = new CollapseSpec(0.1, 3, false);
        Obj c = obj.optionalObject("collapse", List.of("std_fraction", "patience_epochs", "stop"));
        if (c != null) {
            collapse = new CollapseSpec(c.optionalDouble("std_fraction", 0.1, 0, 1),
                    c.optionalInt("patience_epochs", 3, 1, 10_000), c.optionalBool("stop", false));
        }
        return new EvaluationSpec(protocols, knnEvery, diagnostics, collapse);
    }

    private CheckpointSpec checkpoint(Obj top) {
        Obj obj = top.optionalObject("checkpoint", List.of("every_epochs", "keep_last"));
        if (obj == null) {
            return new CheckpointSpec(1, 3);
        }
        return new CheckpointSpec(obj.optionalInt("every_epochs", 1, 1, 10_000), obj.optionalInt("keep_last", 3, 1, 1000));
    }

    private ResourceSpec resources(Obj top) {
        Obj obj = top.optionalObject("resources", List.of("gpus", "gpu_memory_gb", "labels"));
        if (obj == null) {
            return new ResourceSpec(0, 0, List.of());
        }
        int gpus = obj.optionalInt("gpus", 0, 0, 64);
        int memory = obj.optionalInt("gpu_memory_gb", 0, 0, 4096);
        List<String> labels = List.of();
        JsonNode list = obj.node.get("labels");
        if (list != null) {
            if (!list.isArray()) {
                error(obj.path("labels"), "must be an array of strings");
            } else {
                Set<String> chosen = new TreeSet<>();
                for (int i = 0; i < list.size(); i++) {
                    JsonNode item = list.get(i);
                    if (!item.isTextual() || !LABEL.matcher(item.asText()).matches()) {
                        error(obj.path("labels") + "[" + i + "]", "must be a string matching " + LABEL.pattern());
                    } else {
                        chosen.add(item.asText());
                    }
                }
                if (chosen.size() > 32) {
                    error(obj.path("labels"), "at most 32 labels");
                }
                labels = List.copyOf(chosen);
            }
        }
        return new ResourceSpec(gpus, memory, labels);
    }

    /** Reads an optional object of parameter overrides at {@code parent.key}, on top of {@code base}. */
    private Params params(Obj parent, String key, List<ParamDef> defs, Params base) {
        Obj obj = parent.optionalObject(key, ParamDef.names(defs));
        if (obj == null) {
            return base;
        }
        Map<String, Object> values = new LinkedHashMap<>(base.asMap());
        for (ParamDef def : defs) {
            if (!obj.has(def.name())) {
                continue;
            }
            Object value = switch (def.type()) {
                case DOUBLE -> obj.optionalDouble(def.name(), (Double) def.defaultValue(), def.min(), def.max());
                case INT -> obj.optionalInt(def.name(), (Integer) def.defaultValue(), (int) def.min(), (int) def.max());
                case BOOL -> obj.optionalBool(def.name(), (Boolean) def.defaultValue());
            };
            values.put(def.name(), value);
        }
        return new Params(values);
    }

    private void error(String field, String message) {
        errors.add(new FieldError(field.isEmpty() ? "(body)" : field, message));
    }

    /** One JSON object at a path: typed reads that record errors instead of throwing. */
    private final class Obj {
        final JsonNode node;
        final String path;

        Obj(JsonNode node, String path, List<String> allowed) {
            this.node = node;
            this.path = path;
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    error(path(name), "unknown field; allowed: " + allowed);
                }
            }
        }

        String path(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        boolean has(String key) {
            JsonNode v = node.get(key);
            return v != null && !v.isNull();
        }

        String requiredString(String key) {
            if (!has(key)) {
                error(path(key), "is required");
                return null;
            }
            JsonNode v = node.get(key);
            if (!v.isTextual()) {
                error(path(key), "must be a string");
                return null;
            }
            return v.asText();
        }

        <E> Optional<E> requiredEnum(String key, Function<String, Optional<E>> lookup, List<String> allowed) {
            if (!has(key)) {
                error(path(key), "is required; allowed: " + allowed);
                return Optional.empty();
            }
            return optionalEnum(key, lookup, allowed);
        }

        <E> Optional<E> optionalEnum(String key, Function<String, Optional<E>> lookup, List<String> allowed) {
            if (!has(key)) {
                return Optional.empty();
            }
            JsonNode v = node.get(key);
            Optional<E> value = v.isTextual() ? lookup.apply(v.asText()) : Optional.empty();
            if (value.isEmpty()) {
                error(path(key), (v.isTextual() ? "unknown value '" + v.asText() + "'" : "must be a string")
                        + "; allowed: " + allowed);
            }
            return value;
        }

        Obj requiredObject(String key, List<String> allowed) {
            if (!has(key)) {
                error(path(key), "is required");
                return null;
            }
            return optionalObject(key, allowed);
        }

        Obj optionalObject(String key, List<String> allowed) {
            if (!has(key)) {
                return null;
            }
            JsonNode v = node.get(key);
            if (!v.isObject()) {
                error(path(key), "must be an object");
                return null;
            }
            return new Obj(v, path(key), allowed);
        }

        int requiredInt(String key, int min, int max) {
            if (!has(key)) {
                error(path(key), "is required (an integer from " + min + " to " + max + ")");
                return 0;
            }
            return optionalInt(key, 0, min, max);
        }

        int optionalInt(String key, int defaultValue, int min, int max) {
            return (int) optionalLong(key, defaultValue, min, max);
        }

        long optionalLong(String key, long defaultValue, long min, long max) {
            if (!has(key)) {
                return defaultValue;
            }
            JsonNode v = node.get(key);
            if (!v.isIntegralNumber() && !(v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))) {
                error(path(key), "must be an integer from " + min + " to " + max);
                return defaultValue;
            }
            if (!v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
                error(path(key), "must be from " + min + " to " + max + ", got " + v.asText());
                return defaultValue;
            }
            return v.asLong();
        }

        double optionalDouble(String key, double defaultValue, double min, double max) {
            if (!has(key)) {
                return defaultValue;
            }
            JsonNode v = node.get(key);
            if (!v.isNumber()) {
                error(path(key), "must be a number from " + min + " to " + max);
                return defaultValue;
            }
            double d = v.asDouble();
            if (!Double.isFinite(d) || d < min || d > max) {
                error(path(key), "must be from " + min + " to " + max + ", got " + v.asText());
                return defaultValue;
            }
            return d == 0.0 ? 0.0 : d; // no negative zero in canonical JSON
        }

        boolean optionalBool(String key, boolean defaultValue) {
            if (!has(key)) {
                return defaultValue;
            }
            JsonNode v = node.get(key);
            if (v.getNodeType() != JsonNodeType.BOOLEAN) {
                error(path(key), "must be true or false");
                return defaultValue;
            }
            return v.asBoolean();
        }

        double[] optionalPair(String key, double[] defaultValue, double min, double max) {
            if (!has(key)) {
                return defaultValue;
            }
            JsonNode v = node.get(key);
            if (!v.isArray() || v.size() != 2 || !v.get(0).isNumber() || !v.get(1).isNumber()) {
                error(path(key), "must be an array of two numbers");
                return defaultValue;
            }
            double[] pair = {v.get(0).asDouble(), v.get(1).asDouble()};
            for (double d : pair) {
                if (d < min || d > max) {
                    error(path(key), "values must be from " + min + " to " + max);
                    return defaultValue;
                }
            }
            return pair;
        }
    }
}
