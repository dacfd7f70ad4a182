package dev.umbra.api.run;

import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Caller;
import dev.umbra.api.common.Cursor;
import dev.umbra.api.common.QueryParams;
import dev.umbra.client.dto.Page;
import dev.umbra.client.dto.RunDto;
import dev.umbra.client.dto.RunStatus;
import dev.umbra.client.dto.UpdateRunRequest;
import dev.umbra.client.spec.Backbone;
import dev.umbra.client.spec.Method;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private final RunService runs;

    public RunResource(RunService runs) {
        this.runs = runs;
    }

    @GET
    @Allowed(Caller.VIEWER)
    public Page<RunDto> list(@QueryParam("cursor") String cursor, @QueryParam("limit") String limit,
                             @QueryParam("experiment_id") String experimentId, @QueryParam("status") String status,
                             @QueryParam("method") String method, @QueryParam("dataset") String dataset,
                             @QueryParam("backbone") String backbone, @QueryParam("config_hash") String configHash,
                             @QueryParam("run_hash") String runHash) {
        RunService.RunFilter filter = filter(QueryParams.optionalId("experiment_id", experimentId), status, method,
                dataset, backbone, configHash, runHash);
        return page(runs, filter, cursor, limit);
    }

    @GET
    @Allowed(Caller.VIEWER)
    @Path("/{id}")
    public RunDto get(@PathParam("id") long id) {
        return runs.get(id).map(RunResource::toDto).orElseThrow(() -> ApiException.notFound("run", id));
    }

    @POST
    @Allowed(Caller.MEMBER)
    @Path("/{id}/cancel")
    public RunDto cancel(@PathParam("id") long id) {
        return runs.cancel(id).map(RunResource::toDto).orElseThrow(() -> ApiException.notFound("run", id));
    }

    /** Renames, annotates or (while queued) reprioritises a run: {@code {"name", "notes", "priority"}}, each optional. */
    @PATCH
    @Allowed(Caller.MEMBER)
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public RunDto update(@PathParam("id") long id, UpdateRunRequest request) {
        return runs.update(id, request).map(RunResource::toDto).orElseThrow(() -> ApiException.notFound("run", id));
    }

    @DELETE
    @Allowed(Caller.MEMBER)
    @Path("/{id}")
    public Response delete(@PathParam("id") long id) {
        if (!runs.delete(id)) {
            throw ApiException.notFound("run", id);
        }
        return Response.noContent().build();
    }

    static Page<RunDto> page(RunService runs, RunService.RunFilter filter, String cursor, String limit) {
        int pageSize = Cursor.limit(limit);
        List<Run> rows = runs.list(filter, Cursor.decode(cursor), pageSize + 1);
        boolean more = rows.size() > pageSize;
        List<RunDto> items = rows.stream().limit(pageSize).map(RunResource::toDto).toList();
        return new Page<>(items, more ? Cursor.encode(items.get(items.size() - 1).id()) : null);
    }

    /** Checks the list filters; a bad value is a 400 naming the parameter and what it accepts. */
    static RunService.RunFilter filter(Long experimentId, String status, String method, String dataset,
                                       String backbone, String configHash, String runHash) {
        RunStatus parsedStatus = null;
        if (status != null && !status.isEmpty()) {
            parsedStatus = Arrays.stream(RunStatus.values()).filter(s -> s.name().equals(status)).findFirst()
                    .orElseThrow(() -> ApiException.invalid("status", "must be one of " + Arrays.toString(RunStatus.values())));
        }
        if (method != null && Method.fromId(method).isEmpty()) {
            throw ApiException.invalid("method", "unknown method; allowed: " + Method.ids());
        }
        if (backbone != null && Backbone.fromId(backbone).isEmpty()) {
            throw ApiException.invalid("backbone", "unknown backbone; allowed: " + Backbone.ids());
        }
        if (configHash != null && !HASH.matcher(configHash).matches()) {
            throw ApiException.invalid("config_hash", "must be 64 lowercase hex characters");
        }
        if (runHash != null && !HASH.matcher(runHash).matches()) {
            throw ApiException.invalid("run_hash", "must be 64 lowercase hex characters");
        }
        return new RunService.RunFilter(experimentId, parsedStatus, method, dataset, backbone, configHash, runHash);
    }

    public static RunDto toDto(Run r) {
        return new RunDto(r.id, r.experimentId, r.name, r.notes, r.status, r.method, r.backbone, r.dataset.name, r.seed, r.configHash,
                r.runHash, r.priority, r.attempt, r.maxAttempts, r.runnerId, r.cancelRequested, r.spec, r.resolvedSpec,
                r.progress, r.environment, r.logTail, r.error, r.createdAt, r.startedAt, r.finishedAt);
    }
}
