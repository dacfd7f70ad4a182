package dev.umbra.api.artifact;

import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Caller;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * Runs a blob collection now (it also runs every {@code umbra.artifacts.gc-interval}); 409 when
 * one is running on another replica.
 */
@Path("/api/v1/artifacts/gc")
@Produces(MediaType.APPLICATION_JSON)
public class BlobCollectionResource {

    private final BlobCollector collector;

    public BlobCollectionResource(BlobCollector collector) {
        this.collector = collector;
    }

    @POST
    @Allowed(Caller.PLATFORM_ADMIN)
    public Map<String, Integer> collect() {
        return Map.of("collected", collector.collect().orElseThrow(() -> ApiException.conflict("collection-running",
                "another platform replica is collecting unreferenced blobs right now; retry shortly")));
    }
}
