package dev.umbra.api.sweep;

import dev.umbra.api.common.Cursor;
import dev.umbra.client.dto.Page;
import dev.umbra.client.dto.SweepDto;
import dev.umbra.scheduler.QueueStats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A sweep as the API shows it: its counts by state, progress and estimated time to finish. */
@ApplicationScoped
public class SweepViews {

    private final SweepRuns sweepRuns;
    private final QueueStats queueStats;

    public SweepViews(SweepRuns sweepRuns, QueueStats queueStats) {
        this.sweepRuns = sweepRuns;
        this.queueStats = queueStats;
    }

    /** 201 with the sweep and its location. */
    public Response created(Sweep sweep, UriInfo uri) {
        return Response.created(uri.getBaseUriBuilder().path("api/v1/sweeps").path(String.valueOf(sweep.id)).build())
                .entity(toDto(sweep)).build();
    }

    /** A page of sweeps read one past {@code pageSize} (the extra row says that another page follows). */
    public Page<SweepDto> page(List<Sweep> rows, int pageSize) {
        List<SweepDto> items = rows.stream().limit(pageSize).map(this::toDto).toList();
        return new Page<>(items, rows.size() > pageSize ? Cursor.encode(items.get(items.size() - 1).id()) : null);
    }

    public SweepDto toDto(Sweep sweep) {
        SweepRuns.Counts counts = sweepRuns.counts(sweep.id, sweep.teamId);
        Map<String, Long> byState = new LinkedHashMap<>();
        counts.byStatus().forEach((status, n) -> byState.put(status.name(), n));
        int finished = (int) counts.byStatus().entrySet().stream().filter(e -> e.getKey().isTerminal())
                .mapToLong(Map.Entry::getValue).sum();
        double progress = counts.total() == 0 ? 1.0 : (double) finished / counts.total();
        return new SweepDto(sweep.id, sweep.experimentId, sweep.name, sweep.kind, sweep.spec, counts.total(), counts.reused(),
                byState, finished, progress, eta(sweep, counts), sweep.cancelledAt != null, sweep.createdAt,
                sweep.cancelledAt);
    }

    /**
     * Unfinished runs x the mean run time / live runners: an estimate that assumes the sweep has the
     * runners that serve its team to itself. Null when nothing is left, the sweep was cancelled, no such runner is live, or no
     * run has finished yet to time.
     */
    private Double eta(Sweep sweep, SweepRuns.Counts counts) {
        if (counts.unfinishedRuns() == 0 || sweep.cancelledAt != null || counts.meanRunSeconds() == null) {
            return null;
        }
        long live = queueStats.runners(Optional.of(sweep.teamId)).stream().filter(QueueStats.RunnerLoad::live).count();
        if (live == 0) {
            return null;
        }
        return Math.ceil((double) counts.unfinishedRuns() / live) * counts.meanRunSeconds();
    }
}
