package dev.umbra.scheduler.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.umbra.client.dto.FieldError;
import dev.umbra.client.spec.InvalidSpecException;
import dev.umbra.client.spec.RunSpec;
import dev.umbra.client.spec.SpecJson;
import dev.umbra.client.spec.SpecParser;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Expands a sweep into runs, deterministically: the same sweep always gives the same runs in the
 * same order with the same hashes. Pure (no database, no clock): the platform stores the result.
 *
 * <p>Order: grid configurations first (the first axis varies slowest), then the random samples of
 * each, then the seeds of each configuration. Random sample {@code s} draws every random axis from
 * a generator seeded by {@code (random_seed, s, axis)}, so every grid point gets the same draws and
 * adding an axis value never changes another's draws.
 *
 * <p>Every expanded run is validated by {@link SpecParser}; when any is invalid, nothing is
 * returned and {@link InvalidSpecException} lists every distinct problem once, attributed to the
 * axis value that caused it ({@code axes[1].values[2]}) or to the base spec ({@code base.epochs}).
 */
public final class SweepExpander {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Resolves a dataset name to its checksum (the hashes include it); empty for an unknown dataset. */
    public interface DatasetChecksums extends Function<String, Optional<String>> {
    }

    /**
     * One run of a sweep.
     *
     * @param position    0-based place in the sweep's order
     * @param config      0-based index of its configuration (runs of one config differ only in seed)
     * @param spec        the run spec as the sweep submits it: the base with the axis values and the seed
     * @param resolved    the validated spec with every default filled in
     * @param params      axis path to the value this run got, in axis order
     */
    public record ExpandedRun(int position, int config, ObjectNode spec, RunSpec resolved, String datasetChecksum,
                              String configHash, String runHash, ObjectNode params) {
    }

    private SweepExpander() {
    }

    /** Expands every run of {@code sweep}, numbering positions from {@code firstPosition}. */
    public static List<ExpandedRun> expand(SweepSpec sweep, DatasetChecksums datasets, int firstPosition) {
        List<Axis.Grid> grid = sweep.gridAxes();
        List<Axis.Sampled> sampled = sweep.sampledAxes();
        int samples = sampled.isEmpty() ? 1 : sweep.samples();
        List<JsonNode[]> draws = new ArrayList<>(samples);
        for (int s = 0; s < samples; s++) {
            JsonNode[] row = new JsonNode[sampled.size()];
            for (int a = 0; a < sampled.size(); a++) {
                row[a] = sampled.get(a).draw(Axis.generator(sweep.randomSeed(), s, a));
            }
            draws.add(row);
        }

        Set<FieldError> errors = new LinkedHashSet<>();
        List<ExpandedRun> runs = new ArrayList<>((int) Math.min(sweep.runs(), 1_000_000));
        int gridPoints = (int) (sweep.configurations() / samples);
        int[] index = new int[grid.size()];
        int config = 0;
        for (int g = 0; g < gridPoints; g++) {
            for (int s = 0; s < samples; s++) {
                ObjectNode spec = sweep.base().deepCopy();
                ObjectNode params = NODES.objectNode();
                List<Source> sources = new ArrayList<>();
                for (int a = 0; a < grid.size(); a++) {
                    JsonNode value = grid.get(a).values().get(index[a]);
                    set(spec, params, grid.get(a), value, sweep, new Source(grid.get(a).path(),
                            axisField(sweep, grid.get(a)) + ".values[" + index[a] + "]"), sources, errors);
                }
                for (int a = 0; a < sampled.size(); a++) {
                    Axis.Sampled axis = sampled.get(a);
                    String field = axisField(sweep, axis) + (axis instanceof Axis.Range ? ".range"
                            : ".choices[" + ((Axis.Choices) axis).choices().indexOf(draws.get(s)[a]) + "]");
                    set(spec, params, axis, draws.get(s)[a], sweep, new Source(axis.path(), field), sources, errors);
                }
                expandSeeds(sweep, datasets, spec, params, sources, config, firstPosition, runs, errors);
                config++;
            }
            advance(index, grid);
        }
        if (!errors.isEmpty()) {
            throw new InvalidSpecException(List.copyOf(errors));
        }
        return runs;
    }

    private static void expandSeeds(SweepSpec sweep, DatasetChecksums datasets, ObjectNode configSpec, ObjectNode params,
                                    List<Source> sources, int config, int firstPosition, List<ExpandedRun> runs,
                                    Set<FieldError> errors) {
        configSpec.put("seed", sweep.seeds().get(0));
        List<FieldError> specErrors = new ArrayList<>();
        RunSpec resolved = SpecParser.parse(configSpec, specErrors);
        String checksum = null;
        JsonNode dataset = configSpec.get("dataset");
        if (dataset != null && dataset.isTextual() && SpecParser.DATASET_NAME.matcher(dataset.asText()).matches()) {
            checksum = datasets.apply(dataset.asText()).orElse(null);
            if (checksum == null) {
                specErrors.add(new FieldError("dataset", "unknown dataset '" + dataset.asText() + "'"));
            }
        }
        for (FieldError e : specErrors) {
            errors.add(attribute(e, sources));
        }
        if (!specErrors.isEmpty()) {
            return;
        }
        String configHash = SpecJson.configHash(resolved, checksum);
        for (long seed : sweep.seeds()) {
            ObjectNode spec = configSpec.deepCopy();
            spec.put("seed", seed);
            RunSpec withSeed = withSeed(resolved, seed);
            runs.add(new ExpandedRun(firstPosition + runs.size(), config, spec, withSeed, checksum, configHash,
                    SpecJson.runHash(withSeed, checksum), params));
        }
    }

    /** Where a value came from: the spec path it was written to and the sweep field that holds it. */
    private record Source(String path, String field) {
    }

    /** Names a spec problem by the axis value that set the offending path, else by the base spec. */
    private static FieldError attribute(FieldError e, List<Source> sources) {
        for (Source source : sources) {
            if (covers(source.path(), e.field()) || covers(e.field(), source.path())) {
                if (e.message().startsWith("unknown field") && covers(e.field(), source.path())) {
                    String axisPath = source.field().substring(0, source.field().indexOf(']') + 1) + ".path";
                    return new FieldError(axisPath, "'" + source.path() + "' is not a run spec path: "
                            + e.field() + " is an " + e.message());
                }
                return new FieldError(source.field(), e.field() + " " + e.message());
            }
        }
        return new FieldError(e.field().equals("(body)") ? "base" : "base." + e.field(), e.message());
    }

    /** Whether {@code prefix} is {@code path} or one of its parents. */
    private static boolean covers(String prefix, String path) {
        return path.equals(prefix) || path.startsWith(prefix + ".") || path.startsWith(prefix + "[");
    }

    private static void set(ObjectNode spec, ObjectNode params, Axis axis, JsonNode value, SweepSpec sweep, Source source,
                            List<Source> sources, Set<FieldError> errors) {
        params.set(axis.path(), value);
        sources.add(source);
        List<String> segments = axis.segments();
        ObjectNode node = spec;
        for (int i = 0; i < segments.size() - 1; i++) {
            JsonNode child = node.get(segments.get(i));
            if (child == null || child.isNull()) {
                child = node.putObject(segments.get(i));
            } else if (!child.isObject()) {
                errors.add(new FieldError(axisField(sweep, axis) + ".path", "'" + axis.path() + "' goes through "
                        + String.join(".", segments.subList(0, i + 1)) + ", which is not an object in the base spec"));
                return;
            }
            node = (ObjectNode) child;
        }
        node.set(segments.get(segments.size() - 1), value);
    }

    private static String axisField(SweepSpec sweep, Axis axis) {
        return "axes[" + sweep.axes().indexOf(axis) + "]";
    }

    /** Steps the grid index like an odometer: the last axis varies fastest. */
    private static void advance(int[] index, List<Axis.Grid> grid) {
        for (int a = grid.size() - 1; a >= 0; a--) {
            if (++index[a] < grid.get(a).values().size()) {
                return;
            }
            index[a] = 0;
        }
    }

    private static RunSpec withSeed(RunSpec s, long seed) {
        return new RunSpec(s.dataset(), s.backbone(), s.method(), s.optimizer(), s.schedule(), s.epochs(), s.batchSize(),
                s.maxStepsPerEpoch(), s.augmentation(), seed, s.evaluation(), s.checkpoint(), s.resources(), s.priority());
    }
}
