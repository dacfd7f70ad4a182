package dev.umbra.api.common;

import dev.umbra.client.dto.FieldError;
import dev.umbra.client.dto.Problem;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Builds {@code application/problem+json} responses; the one place that knows the format. */
public final class Problems {

    /** Problem types are URNs: stable identifiers that do not pretend to be web pages. */
    public static final String TYPE_PREFIX = "urn:umbra:problem:";

    private Problems() {
    }

    public static Response response(int status, String type, String title, String detail, List<FieldError> errors) {
        Problem problem = new Problem(TYPE_PREFIX + type, title, status, detail, null, errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** A 401 with the {@code WWW-Authenticate} challenge the client should answer. */
    public static Response response(int status, String type, String title, String detail, List<FieldError> errors,
                                    String challenge) {
        Problem problem = new Problem(TYPE_PREFIX + type, title, status, detail, null, errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).header("WWW-Authenticate", challenge).entity(problem).build();
    }
}
