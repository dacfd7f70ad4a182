package dev.umbra.scheduler.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.umbra.client.dto.FieldError;
import dev.umbra.client.spec.DatasetFacts;
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

    /**
     * Resolves a dataset name to what a run on it depends on; empty for an unknown dataset. Called from
     * several threads at once: resolve from memory, not from a database session.
     */
    public interface Datasets extends Function<String, Optional<KnownDataset>> {
    }

    /** A registered dataset as expansion needs it: the checksum the hashes include, the facts the recipe resolves against. */
    public record KnownDataset(String checksum, DatasetFacts facts) {
    }

    /**
     * What the runs of one configuration share (they differ only in seed), computed once for all of
     * them: the validation, the canonical tree and the hashed text were each run's cost before.
     *
     * @param resolved     the validated spec with every default filled in, with the sweep's first seed
     * @param spec         the run spec as the sweep submits it (the base with the axis values), around the seed
     * @param resolvedSpec the canonical resolved spec as a run stores it, around the seed
     * @param runHashText  what the run hash covers, around the seed
     * @param params       axis path to the value this configuration got, in axis order
     */
    public record Configuration(RunSpec resolved, String datasetChecksum, String configHash,
                                SpecJson.SeedTemplate spec, SpecJson.SeedTemplate resolvedSpec,
                                SpecJson.SeedTemplate runHashText, ObjectNode params) {
    }

    /** One run of a sweep: a configuration and a seed, at a 0-based place in the sweep's order. */
    public record ExpandedRun(int position, Configuration configuration, long seed, String runHash) {

        /** The run's resolved spec (built on demand: the stored texts come from the configuration's templates). */
        public RunSpec resolved() {
            return withSeed(configuration.resolved(), seed);
        }

        public String configHash() {
            return configuration.configHash();
        }
    }

    private SweepExpander() {
    }

    /** Expands every run of {@code sweep}, numbering positions from {@code firstPosition}. */
    public static List<ExpandedRun> expand(SweepSpec sweep, Datasets datasets, int firstPosition) {
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

        // Configurations are laid out in order first (cheap), then validated and hashed in parallel
        // (the costly part), then numbered in order: the result does not depend on the scheduling.
        List<Candidate> candidates = new ArrayList<>();
        int gridPoints = (int) (sweep.configurations() / samples);
        int[] index = new int[grid.size()];
        for (int g = 0; g < gridPoints; g++) {
            for (int s = 0; s < samples; s++) {
                Candidate candidate = new Candidate(sweep.base().deepCopy(), NODES.objectNode(), new ArrayList<>(), new ArrayList<>());
                for (int a = 0; a < grid.size(); a++) {
                    Axis.Grid axis = grid.get(a);
                    candidate.set(axis, axis.values().get(index[a]), axisField(sweep, axis) + ".values[" + index[a] + "]");
                }
                for (int a = 0; a < sampled.size(); a++) {
                    Axis.Sampled axis = sampled.get(a);
                    JsonNode value = draws.get(s)[a];
                    candidate.set(axis, value, axisField(sweep, axis) + (axis instanceof Axis.Range ? ".range"
                            : ".choices[" + ((Axis.Choices) axis).choices().indexOf(value) + "]"));
                }
                candidates.add(candidate);
            }
            advance(index, grid);
        }
        List<List<ExpandedRun>> expanded = candidates.parallelStream().map(c -> c.expand(sweep, datasets)).toList();

        Set<FieldError> errors = new LinkedHashSet<>();
        candidates.forEach(c -> errors.addAll(c.errors()));
        if (!errors.isEmpty()) {
            throw new InvalidSpecException(List.copyOf(errors));
        }
        List<ExpandedRun> runs = new ArrayList<>(candidates.size() * sweep.seeds().size());
        for (List<ExpandedRun> configRuns : expanded) {
            for (ExpandedRun r : configRuns) {
                runs.add(new ExpandedRun(firstPosition + runs.size(), r.configuration(), r.seed(), r.runHash()));
            }
        }
        return runs;
    }

    /** One configuration as laid out: the base with its axis values, where each value came from, and its problems. */
    private record Candidate(ObjectNode spec, ObjectNode params, List<Source> sources, List<FieldError> errors) {

        void set(Axis axis, JsonNode value, String field) {
            params.set(axis.path(), value);
            sources.add(new Source(axis.path(), field));
            List<String> segments = axis.segments();
            ObjectNode node = spec;
            for (int i = 0; i < segments.size() - 1; i++) {
                JsonNode child = node.get(segments.get(i));
                if (child == null || child.isNull()) {
                    child = node.putObject(segments.get(i));
                } else if (!child.isObject()) {
                    errors.add(new FieldError(field.substring(0, field.indexOf(']') + 1) + ".path", "'" + axis.path()
                            + "' goes through " + String.join(".", segments.subList(0, i + 1))
                            + ", which is not an object in the base spec"));
                    return;
                }
                node = (ObjectNode) child;
            }
            node.set(segments.get(segments.size() - 1), value);
        }

        /** Validates the configuration once and makes one run per seed (positions are numbered later). */
        List<ExpandedRun> expand(SweepSpec sweep, Datasets datasets) {
            spec.put("seed", sweep.seeds().get(0));
            Optional<KnownDataset> known = Optional.empty();
            JsonNode dataset = spec.get("dataset");
            boolean named = dataset != null && dataset.isTextual() && SpecParser.DATASET_NAME.matcher(dataset.asText()).matches();
            if (named) {
                known = datasets.apply(dataset.asText());
            }
            List<FieldError> specErrors = new ArrayList<>();
            RunSpec resolved = SpecParser.parse(spec, known.map(KnownDataset::facts).orElse(DatasetFacts.DEFAULT), specErrors);
            if (named && known.isEmpty()) {
                specErrors.add(new FieldError("dataset", "unknown dataset '" + dataset.asText() + "'"));
            }
            String checksum = known.map(KnownDataset::checksum).orElse(null);
            for (FieldError e : specErrors) {
                errors.add(attribute(e, sources));
            }
            if (!errors.isEmpty()) {
                return List.of();
            }
            ObjectNode canonical = SpecJson.canonical(resolved);
            SpecJson.SeedTemplate runHashText = SpecJson.runHashText(canonical, checksum);
            Configuration configuration = new Configuration(resolved, checksum, SpecJson.configHash(runHashText),
                    SpecJson.seedTemplate(spec), SpecJson.seedTemplate(canonical), runHashText, params);
            List<ExpandedRun> runs = new ArrayList<>(sweep.seeds().size());
            for (long seed : sweep.seeds()) {
                runs.add(new ExpandedRun(-1, configuration, seed, SpecJson.runHash(configuration.runHashText(), seed)));
            }
            return runs;
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
