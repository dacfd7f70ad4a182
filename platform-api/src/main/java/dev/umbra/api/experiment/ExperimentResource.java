package dev.umbra.api.experiment;

import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Caller;
import dev.umbra.api.common.Cursor;
import dev.umbra.api.common.QueryParams;
import dev.umbra.client.dto.CreateExperimentRequest;
import dev.umbra.client.dto.ExperimentDto;
import dev.umbra.client.dto.Page;
import dev.umbra.client.dto.UpdateExperimentRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.List;

@Path("/api/v1/experiments")
@Produces(MediaType.APPLICATION_JSON)
public class ExperimentResource {

    private final ExperimentService experiments;

    public ExperimentResource(ExperimentService experiments) {
        this.experiments = experiments;
    }

    @POST
    @Allowed(Caller.MEMBER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(CreateExperimentRequest request, @Context UriInfo uri) {
        Experiment created = experiments.create(request);
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id)).build())
                .entity(toDto(created)).build();
    }

    @GET
    @Allowed(Caller.VIEWER)
    public Page<ExperimentDto> list(@QueryParam("cursor") String cursor, @QueryParam("limit") String limit,
                                    @QueryParam("name") String name, @QueryParam("tag") List<String> tags,
                                    @QueryParam("include_archived") String includeArchived) {
        int pageSize = Cursor.limit(limit);
        List<Experiment> rows = experiments.list(Cursor.decode(cursor), pageSize + 1, name, tags,
                QueryParams.bool("include_archived", includeArchived, false));
        boolean more = rows.size() > pageSize;
        List<ExperimentDto> items = rows.stream().limit(pageSize).map(ExperimentResource::toDto).toList();
        return new Page<>(items, more ? Cursor.encode(items.get(items.size() - 1).id()) : null);
    }

    @GET
    @Allowed(Caller.VIEWER)
    @Path("/{id}")
    public ExperimentDto get(@PathParam("id") long id) {
        return experiments.get(id).map(ExperimentResource::toDto).orElseThrow(() -> ApiException.notFound("experiment", id));
    }

    @PATCH
    @Allowed(Caller.MEMBER)
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ExperimentDto update(@PathParam("id") long id, UpdateExperimentRequest request) {
        return experiments.update(id, request).map(ExperimentResource::toDto)
                .orElseThrow(() -> ApiException.notFound("experiment", id));
    }

    @POST
    @Allowed(Caller.MEMBER)
    @Path("/{id}/archive")
    public ExperimentDto archive(@PathParam("id") long id) {
        return experiments.setArchived(id, true).map(ExperimentResource::toDto)
                .orElseThrow(() -> ApiException.notFound("experiment", id));
    }

    @POST
    @Allowed(Caller.MEMBER)
    @Path("/{id}/unarchive")
    public ExperimentDto unarchive(@PathParam("id") long id) {
        return experiments.setArchived(id, false).map(ExperimentResource::toDto)
                .orElseThrow(() -> ApiException.notFound("experiment", id));
    }

    static ExperimentDto toDto(Experiment e) {
        return new ExperimentDto(e.id, e.name, e.description, Arrays.asList(e.tags), e.archived, e.createdAt, e.updatedAt);
    }
}
