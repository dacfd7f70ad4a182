package dev.umbra.api.common;

import dev.umbra.client.dto.Problem;
import dev.umbra.api.config.UmbraConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.regex.Pattern;

/**
 * Refuses a declared body over {@code umbra.max-request-body} with a problem document, before any
 * of it is read. Artifact uploads are exempt: a checkpoint streams through to the store whatever its
 * size (Vert.x's own cap, {@code quarkus.http.limits.max-body-size}, still applies to them and to
 * chunked bodies without a declared length).
 */
@ApplicationScoped
public class BodyLimitFilter {

    private static final Pattern ARTIFACT_UPLOAD = Pattern.compile("^/api/v1/runner/runs/[^/]+/artifacts/[^/]+/[^/]+$");

    private final long maxBodyBytes;

    public BodyLimitFilter(UmbraConfig config) {
        this.maxBodyBytes = config.maxRequestBody().asLongValue();
    }

    void register(@Observes Filters filters) {
        filters.register(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            boolean artifactUpload = context.request().method() == HttpMethod.PUT
                    && ARTIFACT_UPLOAD.matcher(context.request().path()).matches();
            if (artifactUpload) {
                context.next();
            } else if (length != null && isOver(length)) {
                refuse(context.response(), 413, "payload-too-large", "Payload too large",
                        "the body is " + length + " bytes; the limit is " + maxBodyBytes + " bytes");
            } else if (length == null && context.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
                // Without a declared length the limit could only be found by reading: refuse instead.
                refuse(context.response(), 411, "length-required", "Length required",
                        "send the body with a Content-Length header (at most " + maxBodyBytes + " bytes)");
            } else {
                context.next();
            }
        }, 10_000);
    }

    private static void refuse(HttpServerResponse response, int status, String type, String title, String detail) {
        JsonObject problem = new JsonObject().put("type", Problems.TYPE_PREFIX + type).put("title", title)
                .put("status", status).put("detail", detail);
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close").end(problem.encode());
    }

    private boolean isOver(String length) {
        try {
            return Long.parseLong(length) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false; // Vert.x rejects a malformed length itself
        }
    }
}
