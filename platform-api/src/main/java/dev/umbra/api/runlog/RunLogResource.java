package dev.umbra.api.runlog;

import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Caller;
import dev.umbra.api.common.QueryParams;
import dev.umbra.api.run.RunService;
import dev.umbra.client.dto.RunLogPage;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** A run's whole log, a page at a time: {@code offset} (negative: from the end) and {@code limit} lines. */
@Path("/api/v1/runs/{runId}/log")
@Produces(MediaType.APPLICATION_JSON)
public class RunLogResource {

    private static final int DEFAULT_LIMIT = 500;
    private static final int MAX_LIMIT = 5_000;

    private final RunLogService log;
    private final RunService runs;

    public RunLogResource(RunLogService log, RunService runs) {
        this.log = log;
        this.runs = runs;
    }

    @GET
    @Allowed(Caller.VIEWER)
    public RunLogPage page(@PathParam("runId") long runId, @QueryParam("offset") String offset,
                           @QueryParam("limit") String limit) {
        if (runs.get(runId).isEmpty()) {
            throw ApiException.notFound("run", runId);
        }
        int pageSize = QueryParams.intInRange("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
        long from;
        try {
            from = offset == null || offset.isBlank() ? 0 : Long.parseLong(offset.strip());
        } catch (NumberFormatException e) {
            throw ApiException.invalid("offset", "must be an integer (negative: counted from the end)");
        }
        return log.page(runId, from, pageSize);
    }
}
