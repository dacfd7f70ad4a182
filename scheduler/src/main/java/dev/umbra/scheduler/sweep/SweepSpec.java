package dev.umbra.scheduler.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.umbra.client.dto.FieldError;
import dev.umbra.client.spec.SpecParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A sweep: a base run spec, axes, and seeds. Grid axes are crossed with each other; the random
 * axes are drawn {@code samples} times (all of them per sample) from {@code randomSeed}; every
 * resulting configuration runs once per seed. Parsed strictly, like the run spec: unknown fields
 * and every bad value are reported with their JSON path.
 *
 * @param name           a label for people (checked by the platform's text rules)
 * @param base           the run spec each run starts from; its {@code seed} is replaced per run
 * @param samples        how many random draws; 0 when there is no random axis
 * @param reuseSucceeded reuse a run whose run hash already succeeded instead of training it again
 */
public record SweepSpec(String name, ObjectNode base, List<Axis> axes, int samples, long randomSeed, List<Long> seeds,
                        boolean reuseSucceeded) {

    public static final int MAX_AXES = 16;
    public static final int MAX_VALUES = 1000;
    public static final int MAX_SEEDS = 1000;
    public static final int MAX_SAMPLES = 100_000;

    private static final List<String> FIELDS = List.of("name", "base", "axes", "samples", "random_seed", "seeds",
            "reuse_succeeded");
    private static final Pattern PATH = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)*");

    public SweepSpec {
        axes = List.copyOf(axes);
        seeds = List.copyOf(seeds);
    }

    /** The grid axes, in the order given. */
    public List<Axis.Grid> gridAxes() {
        return axes.stream().filter(a -> a instanceof Axis.Grid).map(a -> (Axis.Grid) a).toList();
    }

    /** The random axes, in the order given. */
    public List<Axis.Sampled> sampledAxes() {
        return axes.stream().filter(a -> a instanceof Axis.Sampled).map(a -> (Axis.Sampled) a).toList();
    }

    /** How many configurations the axes make: the grid's product times the random samples (saturating). */
    public long configurations() {
        long product = 1;
        for (Axis.Grid grid : gridAxes()) {
            product = saturatedProduct(product, grid.values().size());
        }
        return sampledAxes().isEmpty() ? product : saturatedProduct(product, samples);
    }

    /** How many runs the sweep expands to ({@link Long#MAX_VALUE} for absurd sweeps: compare it with a limit). */
    public long runs() {
        return saturatedProduct(configurations(), seeds.size());
    }

    private static long saturatedProduct(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long product = a * b;
        return high != 0 || product < 0 ? Long.MAX_VALUE : product;
    }

    /** The same sweep with other seeds (adding seeds to a sweep expands only the new ones). */
    public SweepSpec withSeeds(List<Long> otherSeeds) {
        return new SweepSpec(name, base, axes, samples, randomSeed, otherSeeds, reuseSucceeded);
    }

    /**
     * Parses a sweep document, appending every problem to {@code errors}; returns null when
     * anything is wrong. Run specs are not validated here: {@link SweepExpander} validates each
     * expanded run.
     */
    public static SweepSpec parse(JsonNode root, List<FieldError> errors) {
        int before = errors.size();
        if (root == null || !root.isObject()) {
            errors.add(new FieldError("(body)", "the sweep must be a JSON object"));
            return null;
        }
        unknownFields(root, "", FIELDS, errors);
        JsonNode nameNode = root.get("name");
        String name = null;
        if (nameNode != null && !nameNode.isNull()) {
            if (nameNode.isTextual()) {
                name = nameNode.asText();
            } else {
                errors.add(new FieldError("name", "must be a string"));
            }
        }
        JsonNode base = root.get("base");
        if (base == null || base.isNull()) {
            errors.add(new FieldError("base", "is required: the run spec every run starts from"));
        } else if (!base.isObject()) {
            errors.add(new FieldError("base", "must be a run spec (a JSON object)"));
        }
        List<Axis> axes = axes(root.get("axes"), errors);
        boolean sampled = axes.stream().anyMatch(a -> a instanceof Axis.Sampled);
        int samples = 0;
        JsonNode samplesNode = root.get("samples");
        if (samplesNode != null && !samplesNode.isNull()) {
            if (!samplesNode.isIntegralNumber() || samplesNode.asLong() < 1 || samplesNode.asLong() > MAX_SAMPLES) {
                errors.add(new FieldError("samples", "must be an integer from 1 to " + MAX_SAMPLES));
            } else if (!sampled) {
                errors.add(new FieldError("samples", "needs at least one random axis (range or choices)"));
            } else {
                samples = samplesNode.asInt();
            }
        } else if (sampled) {
            errors.add(new FieldError("samples", "is required with random axes: how many draws to make"));
        }
        long randomSeed = 0;
        JsonNode randomSeedNode = root.get("random_seed");
        if (randomSeedNode != null && !randomSeedNode.isNull()) {
            if (!randomSeedNode.isIntegralNumber() || !randomSeedNode.canConvertToLong() || randomSeedNode.asLong() < 0) {
                errors.add(new FieldError("random_seed", "must be a non-negative integer"));
            } else {
                randomSeed = randomSeedNode.asLong();
            }
        }
        List<Long> seeds = seeds(root.get("seeds"), "seeds", errors);
        boolean reuse = true;
        JsonNode reuseNode = root.get("reuse_succeeded");
        if (reuseNode != null && !reuseNode.isNull()) {
            if (!reuseNode.isBoolean()) {
                errors.add(new FieldError("reuse_succeeded", "must be true or false"));
            } else {
                reuse = reuseNode.asBoolean();
            }
        }
        if (errors.size() > before) {
            return null;
        }
        return new SweepSpec(name, (ObjectNode) base, axes, samples, randomSeed, seeds, reuse);
    }

    /** Parses a list of seeds at {@code field}: 1 to {@link #MAX_SEEDS} distinct integers in the spec's seed range. */
    public static List<Long> seeds(JsonNode node, String field, List<FieldError> errors) {
        List<Long> seeds = new ArrayList<>();
        if (node == null || node.isNull()) {
            errors.add(new FieldError(field, "is required: a list of seeds, e.g. [1, 2, 3]"));
            return seeds;
        }
        if (!node.isArray() || node.isEmpty() || node.size() > MAX_SEEDS) {
            errors.add(new FieldError(field, "must be an array of 1 to " + MAX_SEEDS + " seeds"));
            return seeds;
        }
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode seed = node.get(i);
            if (!seed.isIntegralNumber() || !seed.canConvertToLong() || seed.asLong() < 0 || seed.asLong() > SpecParser.MAX_SEED) {
                errors.add(new FieldError(field + "[" + i + "]", "must be an integer from 0 to " + SpecParser.MAX_SEED));
            } else if (!seen.add(seed.asLong())) {
                errors.add(new FieldError(field + "[" + i + "]", "repeats seed " + seed.asLong()));
            } else {
                seeds.add(seed.asLong());
            }
        }
        return seeds;
    }

    private static List<Axis> axes(JsonNode node, List<FieldError> errors) {
        List<Axis> axes = new ArrayList<>();
        if (node == null || node.isNull()) {
            return axes;
        }
        if (!node.isArray() || node.size() > MAX_AXES) {
            errors.add(new FieldError("axes", "must be an array of at most " + MAX_AXES + " axes"));
            return axes;
        }
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "axes[" + i + "]";
            JsonNode axis = node.get(i);
            if (!axis.isObject()) {
                errors.add(new FieldError(at, "must be an object with a path and one of values, range or choices"));
                continue;
            }
            unknownFields(axis, at, List.of("path", "values", "range", "choices"), errors);
            JsonNode pathNode = axis.get("path");
            String path = pathNode != null && pathNode.isTextual() ? pathNode.asText() : null;
            if (path == null || !PATH.matcher(path).matches()) {
                errors.add(new FieldError(at + ".path", "must be a run spec path such as method.params.temperature"));
                continue;
            }
            if (path.equals("seed")) {
                errors.add(new FieldError(at + ".path", "seeds are not an axis: list them in seeds"));
                continue;
            }
            if (!paths.add(path)) {
                errors.add(new FieldError(at + ".path", "another axis already sets " + path));
                continue;
            }
            int kinds = (axis.has("values") ? 1 : 0) + (axis.has("range") ? 1 : 0) + (axis.has("choices") ? 1 : 0);
            if (kinds != 1) {
                errors.add(new FieldError(at, "needs exactly one of values (grid), range or choices (random)"));
                continue;
            }
            if (axis.has("values")) {
                List<JsonNode> values = list(axis.get("values"), at + ".values", errors);
                if (values != null) {
                    axes.add(new Axis.Grid(path, values));
                }
            } else if (axis.has("choices")) {
                List<JsonNode> choices = list(axis.get("choices"), at + ".choices", errors);
                if (choices != null) {
                    axes.add(new Axis.Choices(path, choices));
                }
            } else {
                Axis.Range range = range(path, axis.get("range"), at + ".range", errors);
                if (range != null) {
                    axes.add(range);
                }
            }
        }
        return axes;
    }

    private static List<JsonNode> list(JsonNode node, String field, List<FieldError> errors) {
        if (!node.isArray() || node.isEmpty() || node.size() > MAX_VALUES) {
            errors.add(new FieldError(field, "must be an array of 1 to " + MAX_VALUES + " values"));
            return null;
        }
        List<JsonNode> values = new ArrayList<>();
        Set<JsonNode> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode v = node.get(i);
            if (v.isNull()) {
                errors.add(new FieldError(field + "[" + i + "]", "must not be null"));
            } else if (!seen.add(v)) {
                errors.add(new FieldError(field + "[" + i + "]", "repeats the value " + v));
            } else {
                values.add(v);
            }
        }
        return values.size() == node.size() ? values : null;
    }

    private static Axis.Range range(String path, JsonNode node, String field, List<FieldError> errors) {
        if (!node.isObject()) {
            errors.add(new FieldError(field, "must be an object: {\"min\": .., \"max\": .., \"log\": false, \"integer\": false}"));
            return null;
        }
        int before = errors.size();
        unknownFields(node, field, List.of("min", "max", "log", "integer"), errors);
        JsonNode min = node.get("min");
        JsonNode max = node.get("max");
        if (min == null || !min.isNumber() || !Double.isFinite(min.asDouble())) {
            errors.add(new FieldError(field + ".min", "is required: a finite number"));
        }
        if (max == null || !max.isNumber() || !Double.isFinite(max.asDouble())) {
            errors.add(new FieldError(field + ".max", "is required: a finite number"));
        }
        boolean log = flag(node, "log", field, errors);
        boolean integer = flag(node, "integer", field, errors);
        if (errors.size() > before) {
            return null;
        }
        double lo = min.asDouble();
        double hi = max.asDouble();
        if (lo > hi) {
            errors.add(new FieldError(field + ".min", "must not exceed max (" + hi + ")"));
        }
        if (log && lo <= 0) {
            errors.add(new FieldError(field + ".min", "must be greater than 0 for a log-uniform range"));
        }
        if (integer && (!min.isIntegralNumber() || !max.isIntegralNumber())) {
            errors.add(new FieldError(field, "an integer range needs integral min and max"));
        }
        return errors.size() > before ? null : new Axis.Range(path, lo, hi, log, integer);
    }

    private static boolean flag(JsonNode node, String key, String field, List<FieldError> errors) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            errors.add(new FieldError(field + "." + key, "must be true or false"));
            return false;
        }
        return v.asBoolean();
    }

    private static void unknownFields(JsonNode node, String at, List<String> allowed, List<FieldError> errors) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                errors.add(new FieldError(at.isEmpty() ? name : at + "." + name, "unknown field; allowed: " + allowed));
            }
        }
    }
}
