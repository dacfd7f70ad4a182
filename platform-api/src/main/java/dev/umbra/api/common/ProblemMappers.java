package dev.umbra.api.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.umbra.client.dto.FieldError;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error leaves the API as a problem document: ours, JAX-RS's (unknown path, wrong method or
 * media type) and Jackson's (malformed JSON, wrong types, unknown fields). Unexpected exceptions
 * become a 500 without internals; they are logged here.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return Problems.response(e.status(), e.type(), e.title(), e.getMessage(), e.errors());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json); // the body reader wraps Jackson's errors
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return internal(e);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Client error" : known.getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 406 -> "this resource produces application/json";
            case 415 -> "send the body as application/json";
            default -> title;
        };
        String type = title.toLowerCase().replace(' ', '-');
        return Problems.response(status, type, title, detail, List.of());
    }

    private Response json(JsonProcessingException e) {
        if (e instanceof RefusedValueException r) {
            return refused(r);
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return unknownField(u);
        }
        if (e instanceof InvalidFormatException i) {
            return wrongType(i);
        }
        if (e instanceof MismatchedInputException m) {
            return mismatched(m);
        }
        if (e instanceof StreamConstraintsException c) {
            return tooBig(c);
        }
        if (e instanceof JsonMappingException m) {
            return mapping(m);
        }
        return malformed(e);
    }

    @ServerExceptionMapper
    public Response refused(RefusedValueException e) {
        String field = path(e);
        return invalidBody(new FieldError(field.isEmpty() ? "(body)" : field, e.getOriginalMessage()));
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        List<String> known = e.getKnownPropertyIds() == null ? List.of()
                : e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
        return invalidBody(new FieldError(path(e), "unknown field; allowed: " + known));
    }

    @ServerExceptionMapper
    public Response wrongType(InvalidFormatException e) {
        return invalidBody(new FieldError(path(e), "cannot be " + describe(e.getValue()) + "; expected "
                + simpleType(e.getTargetType())));
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        String field = path(e);
        if (field.isEmpty()) {
            return invalidBody(new FieldError("(body)", "must be a JSON " + (e.getTargetType() != null
                    && (e.getTargetType().isArray() || List.class.isAssignableFrom(e.getTargetType())) ? "array" : "object")));
        }
        return invalidBody(new FieldError(field, "has the wrong type; expected " + simpleType(e.getTargetType())));
    }

    @ServerExceptionMapper
    public Response tooBig(StreamConstraintsException e) {
        return invalidBody(new FieldError("(body)", "exceeds a parser limit: " + e.getOriginalMessage()));
    }

    @ServerExceptionMapper
    public Response mapping(JsonMappingException e) {
        String field = path(e);
        return invalidBody(new FieldError(field.isEmpty() ? "(body)" : field, "is invalid: " + e.getOriginalMessage()));
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr();
        // STRICT_DUPLICATE_DETECTION's error is a plain parse error; only its (long-stable) message tells it apart.
        boolean repeatedKey = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field '");
        List<FieldError> errors = repeatedKey && e.getProcessor() instanceof JsonParser parser
                ? List.of(new FieldError(path(parser.getParsingContext()), "appears more than once"))
                : List.of();
        return Problems.response(400, "malformed-json", "Malformed JSON", "the body is not valid JSON" + where, errors);
    }

    @ServerExceptionMapper
    public Response stale(dev.umbra.scheduler.StaleAttemptException e) {
        return Problems.response(409, "stale-attempt", "Stale attempt", e.getMessage(), List.of());
    }

    @ServerExceptionMapper
    public Response unauthenticated(io.quarkus.security.AuthenticationFailedException e) {
        return Problems.response(401, "unauthorized", "Unauthorized",
                "send a valid token as 'Authorization: Bearer <token>'", List.of(), "Bearer");
    }

    @ServerExceptionMapper
    public Response unauthorized(io.quarkus.security.UnauthorizedException e) {
        return Problems.response(401, "unauthorized", "Unauthorized",
                "send a valid token as 'Authorization: Bearer <token>'", List.of(), "Bearer");
    }

    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e) {
        return Problems.response(403, "forbidden", "Forbidden", "this token may not do that", List.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        Optional<Response> outage = DatabaseOutage.answer(e);
        if (outage.isPresent()) {
            return outage.get();
        }
        if (DatabaseOutage.acquisitionTimedOut(e)) {
            // A load peak, not a fault: clients (the runner agents among them) retry a 503 later.
            LOG.warn("every database connection stayed busy for the whole acquisition timeout; answering 503");
            return Response.fromResponse(Problems.response(503, "overloaded", "Overloaded",
                    "the platform is too busy to answer now; retry in a second", List.of())).header("Retry-After", "1").build();
        }
        return internal(e);
    }

    /**
     * Logs the failure on one line without any exception message: messages carry request values (a
     * database error quotes the value it refused), and no user value may reach the log. The types,
     * where each was thrown and the SQLState locate the fault; DEBUG on this category adds the full
     * trace, values and all, for a developer's machine.
     */
    private static Response internal(Throwable e) {
        StringBuilder line = new StringBuilder("request failed:");
        int depth = 0;
        for (Throwable t = e; t != null && depth < 8; t = t.getCause(), depth++) {
            line.append(depth == 0 ? " " : " <- ").append(t.getClass().getName());
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                line.append(" [SQLState ").append(sql.getSQLState()).append(']');
            }
            if (t.getStackTrace().length > 0) {
                line.append(" at ").append(t.getStackTrace()[0]);
            }
        }
        LOG.error(line);
        LOG.debug("request failed", e);
        return Problems.response(500, "internal", "Internal error",
                "the server failed to handle the request; it has been logged", List.of());
    }

    private static Response invalidBody(FieldError error) {
        return Problems.response(400, "validation", "Invalid request", error.field() + " " + error.message(),
                List.of(error));
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String path(JsonStreamContext context) {
        Deque<String> steps = new ArrayDeque<>();
        for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
            if (at.inArray()) {
                steps.push("[" + Math.max(at.getCurrentIndex(), 0) + "]");
            } else if (at.getCurrentName() != null) {
                steps.push("." + at.getCurrentName());
            }
        }
        String path = String.join("", steps);
        return path.isEmpty() ? "(body)" : path.startsWith(".") ? path.substring(1) : path;
    }

    private static String simpleType(Class<?> type) {
        if (type == null) {
            return "a different type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static String describe(Object value) {
        return value instanceof String s ? "'" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'"
                : String.valueOf(value);
    }
}
