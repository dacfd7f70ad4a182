package dev.umbra.api.catalog;

import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.Caller;
import dev.umbra.client.dto.CatalogDto;
import dev.umbra.client.spec.Backbone;
import dev.umbra.client.spec.EvalProtocol;
import dev.umbra.client.spec.Method;
import dev.umbra.client.spec.OptimizerName;
import dev.umbra.client.spec.ParamDef;
import dev.umbra.client.spec.Recipe;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.Locale;

/** The spec package's vocabulary for clients that build specs (the portal's submit forms). */
@Path("/api/v1/catalog")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    private static final CatalogDto CATALOG = new CatalogDto(
            Arrays.stream(Method.values()).map(CatalogResource::method).toList(),
            Backbone.ids(), OptimizerName.ids(), Recipe.ids(), EvalProtocol.ids());

    @GET
    @Allowed(Caller.VIEWER)
    public CatalogDto catalog() {
        return CATALOG;
    }

    private static CatalogDto.MethodDto method(Method m) {
        return new CatalogDto.MethodDto(m.id(), m.family().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                m.defaultOptimizer().id(), m.defaultLr(), m.defaultWeightDecay(), m.defaultRecipe().id(),
                m.params().stream().map(CatalogResource::param).toList());
    }

    private static CatalogDto.ParamDto param(ParamDef p) {
        return new CatalogDto.ParamDto(p.name(), p.type().name().toLowerCase(Locale.ROOT), p.defaultValue(), p.min(),
                p.max(), p.description());
    }
}
