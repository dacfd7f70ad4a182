package dev.umbra.api.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Texts;
import dev.umbra.api.config.UmbraConfig;
import dev.umbra.api.dataset.Dataset;
import dev.umbra.api.dataset.DatasetService;
import dev.umbra.api.experiment.ExperimentService;
import dev.umbra.api.run.RunRows;
import dev.umbra.api.team.CurrentTeam;
import dev.umbra.client.dto.FieldError;
import dev.umbra.client.spec.InvalidSpecException;
import dev.umbra.client.spec.RunSpec;
import dev.umbra.scheduler.RunQueue;
import dev.umbra.scheduler.sweep.SweepExpander;
import dev.umbra.scheduler.sweep.SweepExpander.Configuration;
import dev.umbra.scheduler.sweep.SweepExpander.ExpandedRun;
import dev.umbra.scheduler.sweep.SweepSpec;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sweeps: expansion (by the scheduler's {@link SweepExpander}), reuse of runs that already
 * succeeded, seeds added later, cancellation. A sweep is created whole or not at all: every
 * expanded run is validated first, and one transaction inserts the sweep, its runs and positions.
 */
@ApplicationScoped
@Transactional
public class SweepService {

    static final int MAX_NAME = 200;

    private final ExperimentService experiments;
    private final DatasetService datasets;
    private final SweepRuns sweepRuns;
    private final RunRows rows;
    private final RunQueue queue;
    private final CurrentTeam team;
    private final UmbraConfig config;
    private final Clock clock;

    public SweepService(ExperimentService experiments, DatasetService datasets, SweepRuns sweepRuns, RunRows rows,
                        RunQueue queue, CurrentTeam team, UmbraConfig config, Clock clock) {
        this.experiments = experiments;
        this.datasets = datasets;
        this.sweepRuns = sweepRuns;
        this.rows = rows;
        this.queue = queue;
        this.team = team;
        this.config = config;
        this.clock = clock;
    }

    /** Validates, expands and queues a sweep; refused whole (400, every bad field) when anything is wrong. */
    public Sweep create(long experimentId, JsonNode body, String kind) {
        boolean archived = experiments.archived(experimentId)
                .orElseThrow(() -> ApiException.notFound("experiment", experimentId));
        if (archived) {
            throw ApiException.conflict("experiment-archived", "experiment " + experimentId
                    + " is archived; unarchive it to submit sweeps");
        }
        List<FieldError> errors = new ArrayList<>();
        SweepSpec spec = SweepSpec.parse(body, errors);
        String name = body != null && body.path("name").isTextual() ? body.get("name").asText() : "sweep";
        Texts.name("name", name, MAX_NAME, errors);
        if (spec != null) {
            checkSize(spec.runs(), 0, errors);
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Map<String, Dataset> byName = new HashMap<>();
        List<ExpandedRun> expanded = expand(spec, 0, byName);

        Sweep sweep = new Sweep();
        sweep.experimentId = experimentId;
        sweep.teamId = team.id();
        sweep.name = name.strip();
        sweep.kind = kind;
        sweep.spec = body;
        sweep.createdAt = Instant.now(clock);
        sweep.persistAndFlush();
        insert(sweep, expanded, spec.reuseSucceeded(), new HashMap<>(), byName);
        return sweep;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Sweep> get(long id) {
        return Sweep.<Sweep>find("id = ?1 and teamId = ?2", id, team.id()).firstResultOptional();
    }

    /** The experiment's sweeps, newest first, below the cursor id. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Sweep> list(long experimentId, long belowId, int limit) {
        return Sweep.<Sweep>find("experimentId = ?1 and teamId = ?2 and id < ?3", Sort.descending("id"), experimentId,
                team.id(), belowId).range(0, limit - 1).list();
    }

    /** The team's sweeps of every experiment, newest first. */
    public List<Sweep> list(long belowId, int limit) {
        return Sweep.<Sweep>find("teamId = ?1 and id < ?2", Sort.descending("id"), team.id(), belowId).range(0, limit - 1).list();
    }

    /**
     * Runs every configuration of the sweep once more per new seed; the new runs follow the
     * existing ones. The stored document's seeds grow by the new ones.
     */
    public Optional<Sweep> addSeeds(long id, JsonNode body) {
        Optional<Sweep> found = get(id);
        if (found.isEmpty()) {
            return found;
        }
        Sweep sweep = found.get();
        if (sweep.cancelledAt != null) {
            throw ApiException.conflict("sweep-cancelled", "sweep " + id + " was cancelled; submit a new sweep");
        }
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw ApiException.invalid("(body)", "must be an object: {\"seeds\": [4, 5]}");
        }
        body.fieldNames().forEachRemaining(f -> {
            if (!f.equals("seeds")) {
                errors.add(new FieldError(f, "unknown field; allowed: [seeds]"));
            }
        });
        List<Long> seeds = SweepSpec.seeds(body.get("seeds"), "seeds", errors);
        SweepSpec spec = SweepSpec.parse(sweep.spec, new ArrayList<>());
        Set<Long> existing = new HashSet<>(spec.seeds());
        for (int i = 0; i < seeds.size(); i++) {
            if (existing.contains(seeds.get(i))) {
                errors.add(new FieldError("seeds[" + i + "]", "seed " + seeds.get(i) + " is already in the sweep"));
            }
        }
        int size = sweepRuns.size(id);
        if (errors.isEmpty()) {
            checkSize(spec.configurations() * seeds.size(), size, errors);
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Map<String, Dataset> byName = new HashMap<>();
        List<ExpandedRun> expanded = expand(spec.withSeeds(seeds), size, byName);
        insert(sweep, expanded, spec.reuseSucceeded(), sweepRuns.runsByHash(id), byName);

        ObjectNode document = sweep.spec.deepCopy();
        ArrayNode all = document.putArray("seeds");
        spec.seeds().forEach(all::add);
        seeds.forEach(all::add);
        sweep.spec = document;
        return Optional.of(sweep);
    }

    /** Cancels every unfinished run of the sweep through the scheduler; finished runs keep their results. */
    public Optional<Sweep> cancel(long id) {
        Optional<Sweep> found = get(id);
        found.ifPresent(sweep -> {
            for (long runId : sweepRuns.unfinishedRunIds(id)) {
                queue.cancel(runId);
            }
            if (sweep.cancelledAt == null) {
                sweep.cancelledAt = Instant.now(clock);
            }
        });
        return found;
    }

    private void checkSize(long newRuns, int existingRuns, List<FieldError> errors) {
        int max = config.sweeps().maxRuns();
        if (existingRuns + newRuns > max) {
            errors.add(new FieldError(existingRuns == 0 ? "(body)" : "seeds", "the sweep would have "
                    + (existingRuns + newRuns) + " runs; at most " + max + " (umbra.sweeps.max-runs)"));
        }
    }

    /** Expands; {@code byName} receives the team's datasets, which the expander reads from many threads. */
    private List<ExpandedRun> expand(SweepSpec spec, int firstPosition, Map<String, Dataset> byName) {
        datasets.list().forEach(d -> byName.put(d.name, d));
        Map<String, SweepExpander.KnownDataset> known = new HashMap<>();
        byName.forEach((name, d) -> known.put(name, new SweepExpander.KnownDataset(d.checksum, d.facts())));
        SweepExpander.Datasets lookup = name -> Optional.ofNullable(known.get(name));
        try {
            return SweepExpander.expand(spec, lookup, firstPosition);
        } catch (InvalidSpecException e) {
            throw ApiException.invalid(e.errors());
        }
    }

    /**
     * Inserts the positions of {@code expanded}: a run hash that already succeeded in the team (when
     * reuse is on) or that an earlier position of this sweep holds is not trained again.
     */
    private void insert(Sweep sweep, List<ExpandedRun> expanded, boolean reuse, Map<String, Long> sweepRunsByHash,
                        Map<String, Dataset> byName) {
        Map<String, Long> known = new HashMap<>(sweepRunsByHash);
        if (reuse) {
            Set<String> hashes = new HashSet<>();
            expanded.forEach(r -> hashes.add(r.runHash()));
            sweepRunsByHash.keySet().forEach(hashes::remove);
            sweepRuns.succeededByHash(sweep.teamId, hashes).forEach(known::putIfAbsent);
        }
        Instant now = Instant.now(clock);
        Map<Configuration, RunRows.Configuration> shared = new IdentityHashMap<>();
        List<RunRows.NewRun> fresh = new ArrayList<>();
        Set<String> freshHashes = new HashSet<>();
        for (ExpandedRun r : expanded) {
            if (!known.containsKey(r.runHash()) && freshHashes.add(r.runHash())) {
                RunRows.Configuration configuration = shared.computeIfAbsent(r.configuration(),
                        c -> configuration(sweep, byName.get(c.resolved().dataset()), c));
                fresh.add(new RunRows.NewRun(configuration, r.seed(), r.configuration().spec().withSeed(r.seed()),
                        r.runHash(), null, now));
            }
        }
        long[] ids = rows.insertAll(fresh);
        Map<String, Long> freshIds = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            freshIds.put(fresh.get(i).runHash(), ids[i]);
        }
        Map<Configuration, String> params = new IdentityHashMap<>();
        List<SweepRuns.Position> positions = new ArrayList<>(expanded.size());
        Set<Long> placed = new HashSet<>();
        for (ExpandedRun r : expanded) {
            Long runId = freshIds.get(r.runHash());
            boolean reused = runId == null || !placed.add(runId);
            if (runId == null) {
                runId = known.get(r.runHash());
            }
            positions.add(new SweepRuns.Position(r.position(), runId, reused,
                    params.computeIfAbsent(r.configuration(), c -> c.params().toString())));
        }
        sweepRuns.insertPositions(sweep.id, positions);
    }

    /**
     * What the runs of one configuration share, as {@code RunService.prepare} would build it for
     * their spec, from what the expander already computed (canonical text and hashes): preparing each
     * of 10,000 runs again was half the platform's CPU for such a sweep. A test pins the two equal.
     */
    private static RunRows.Configuration configuration(Sweep sweep, Dataset dataset, Configuration c) {
        RunSpec resolved = c.resolved();
        return new RunRows.Configuration(sweep.experimentId, sweep.teamId, dataset.id, c.resolvedSpec(),
                resolved.method().name().id(), resolved.backbone().id(), c.configHash(), resolved.priority(),
                resolved.resources().gpus(), resolved.resources().gpuMemoryGb(),
                resolved.resources().labels().toArray(String[]::new), resolved.epochs());
    }
}
