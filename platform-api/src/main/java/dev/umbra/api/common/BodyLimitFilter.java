package dev.umbra.api.common;

import dev.umbra.client.dto.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a declared body over the configured limit with a problem document, before any of it is
 * read. (Vert.x would refuse it too, but with an empty body; chunked bodies without a length are
 * still cut off by Vert.x at the same limit.)
 */
@ApplicationScoped
public class BodyLimitFilter {

    private final long maxBodyBytes;

    public BodyLimitFilter(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void register(@Observes Filters filters) {
        filters.register(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isOver(length)) {
                JsonObject problem = new JsonObject().put("type", Problems.TYPE_PREFIX + "payload-too-large")
                        .put("title", "Payload too large").put("status", 413)
                        .put("detail", "the body is " + length + " bytes; the limit is " + maxBodyBytes + " bytes");
                context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close").end(problem.encode());
                return;
            }
            context.next();
        }, 10_000);
    }

    private boolean isOver(String length) {
        try {
            return Long.parseLong(length) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false; // Vert.x rejects a malformed length itself
        }
    }
}
