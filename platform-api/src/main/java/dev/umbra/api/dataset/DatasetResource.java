package dev.umbra.api.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Caller;
import dev.umbra.client.dto.DatasetDto;
import dev.umbra.client.dto.RegisterDatasetRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;

@Path("/api/v1/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {

    private final DatasetService datasets;

    public DatasetResource(DatasetService datasets) {
        this.datasets = datasets;
    }

    @POST
    @Allowed(Caller.MEMBER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(RegisterDatasetRequest request, @Context UriInfo uri) {
        Dataset d = datasets.register(request);
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(d.id)).build()).entity(toDto(d)).build();
    }

    @GET
    @Allowed(Caller.VIEWER)
    public List<DatasetDto> list() {
        return datasets.list().stream().map(DatasetResource::toDto).toList();
    }

    @GET
    @Allowed(Caller.VIEWER)
    @Path("/{id}")
    public DatasetDto get(@PathParam("id") long id) {
        return datasets.get(id).map(DatasetResource::toDto).orElseThrow(() -> ApiException.notFound("dataset", id));
    }

    public static DatasetDto toDto(Dataset d) {
        List<String> classNames = new ArrayList<>();
        for (JsonNode name : d.classNames) {
            classNames.add(name.asText());
        }
        return new DatasetDto(d.id, d.name, d.format, d.numClasses, classNames, d.channels, d.height, d.width,
                d.trainCount, d.testCount, d.checksum, d.location, d.hflipPreservesLabels, d.createdAt);
    }
}
