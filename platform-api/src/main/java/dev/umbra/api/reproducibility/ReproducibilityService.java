package dev.umbra.api.reproducibility;

import dev.umbra.api.common.ApiException;
import dev.umbra.api.compare.FinalResults;
import dev.umbra.api.metric.MetricService;
import dev.umbra.api.run.Run;
import dev.umbra.api.run.RunService;
import dev.umbra.api.team.CurrentTeam;
import dev.umbra.client.dto.ReproducibilityDto;
import dev.umbra.client.dto.RunStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reruns and the reproducibility report. A rerun is a new run of the same submitted spec in the
 * same experiment, so it has the same hashes; the report lines up every run with that run hash.
 */
@ApplicationScoped
@Transactional
public class ReproducibilityService {

    private final RunService runs;
    private final FinalResults results;
    private final MetricService metrics;
    private final CurrentTeam team;

    public ReproducibilityService(RunService runs, FinalResults results, MetricService metrics, CurrentTeam team) {
        this.runs = runs;
        this.results = results;
        this.metrics = metrics;
        this.team = team;
    }

    /**
     * Queues an identical run. Refused (409) when the same spec no longer gives the same run hash:
     * its dataset was registered again with other bytes, so it would not be the same run.
     */
    public Optional<Run> rerun(long id) {
        Optional<Run> original = runs.get(id);
        if (original.isEmpty()) {
            return original;
        }
        Run rerun = runs.submit(original.get().experimentId, original.get().spec, null, prepared -> {
            if (!prepared.runHash.equals(original.get().runHash)) {
                throw ApiException.conflict("not-reproducible", "run " + id + "'s spec now has another run hash (its dataset '"
                        + original.get().dataset.name + "' has changed); submit it as a new run instead");
            }
        }, Optional::empty).run();
        return Optional.of(rerun);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ReproducibilityDto> report(long id) {
        Optional<Run> run = runs.get(id);
        if (run.isEmpty()) {
            return Optional.empty();
        }
        List<Run> all = Run.<Run>find("teamId = ?1 and runHash = ?2 order by id", team.id(), run.get().runHash).list();
        List<Long> ids = all.stream().map(r -> r.id).toList();
        Map<Long, List<FinalResults.Value>> finals = results.byRun(ids);

        // (protocol, metric) -> values in the order of the runs; series' last values have no protocol.
        Map<String, Double[]> rows = new TreeMap<>();
        Map<String, String[]> names = new TreeMap<>();
        for (int i = 0; i < all.size(); i++) {
            for (FinalResults.Value v : finals.getOrDefault(ids.get(i), List.of())) {
                cell(rows, names, v.protocol(), v.metric(), all.size())[i] = v.value();
            }
            for (Map.Entry<String, Double> latest : metrics.latest(ids.get(i)).entrySet()) {
                cell(rows, names, null, latest.getKey(), all.size())[i] = latest.getValue();
            }
        }
        List<ReproducibilityDto.Row> table = new ArrayList<>();
        boolean identical = all.stream().allMatch(r -> r.status == RunStatus.SUCCEEDED) && all.size() > 1;
        for (Map.Entry<String, Double[]> row : rows.entrySet()) {
            Double[] values = row.getValue();
            boolean complete = Arrays.stream(values).allMatch(v -> v != null);
            Double spread = null;
            if (complete) {
                double min = Arrays.stream(values).mapToDouble(Double::doubleValue).min().orElse(0);
                double max = Arrays.stream(values).mapToDouble(Double::doubleValue).max().orElse(0);
                spread = max - min;
            }
            boolean same = complete && spread == 0.0;
            identical &= same;
            String[] name = names.get(row.getKey());
            table.add(new ReproducibilityDto.Row(name[0], name[1], Arrays.asList(values), spread, same));
        }
        List<ReproducibilityDto.RunEntry> entries = all.stream().map(r -> new ReproducibilityDto.RunEntry(r.id, r.status,
                r.environment, r.createdAt, r.finishedAt)).toList();
        return Optional.of(new ReproducibilityDto(run.get().runHash, entries, table, identical && !table.isEmpty()));
    }

    private static Double[] cell(Map<String, Double[]> rows, Map<String, String[]> names, String protocol, String metric,
                                 int runs) {
        String key = (protocol == null ? "~series" : protocol) + " " + metric;
        names.putIfAbsent(key, new String[] {protocol, metric});
        return rows.computeIfAbsent(key, k -> new Double[runs]);
    }
}
