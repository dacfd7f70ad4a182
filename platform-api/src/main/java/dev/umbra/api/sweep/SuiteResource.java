package dev.umbra.api.sweep;

import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.Caller;
import dev.umbra.client.dto.SuiteDto;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The built-in benchmark suite as offered. */
@Path("/api/v1/suites/benchmark")
@Produces(MediaType.APPLICATION_JSON)
public class SuiteResource {

    /** The suite with its defaults: the bundled sample, the quick-start budget, seeds 1 to 3. */
    @GET
    @Allowed(Caller.VIEWER)
    public SuiteDto offer() {
        return BenchmarkSuite.of(null);
    }
}
