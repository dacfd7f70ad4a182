package dev.umbra.api.common;

import dev.umbra.client.dto.FieldError;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Checks, on the resource method JAX-RS selected and before its body is read, what every method
 * shares: query and path parameters must be text the database can store ({@link StorableText}),
 * and a method that consumes JSON takes a body only as {@code application/json} in UTF-8
 * (RESTEasy matches a body without a Content-Type, or in another charset, as if it were JSON).
 */
public class InputFilter {

    @ServerRequestFilter(priority = Priorities.ENTITY_CODER)
    public void check(ContainerRequestContext request, ResourceInfo resource) {
        if (consumesJson(resource) && hasBody(request) && !isUtf8Json(request.getHeaderString(HttpHeaders.CONTENT_TYPE))) {
            throw new ApiException(415, "unsupported-media-type", "Unsupported Media Type",
                    "send the body as application/json (UTF-8)",
                    List.of(new FieldError(HttpHeaders.CONTENT_TYPE, "must be application/json, in UTF-8 if a charset is given")));
        }
        List<FieldError> errors = new ArrayList<>();
        checkAll(request.getUriInfo().getQueryParameters(), errors);
        checkAll(request.getUriInfo().getPathParameters(), errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }

    private static void checkAll(MultivaluedMap<String, String> parameters, List<FieldError> errors) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String nameDefect = StorableText.defect(parameter.getKey());
            if (nameDefect != null) {
                errors.add(new FieldError("(query)", "has a parameter name that " + nameDefect));
                continue;
            }
            parameter.getValue().stream().map(StorableText::defect).filter(Objects::nonNull).findFirst()
                    .ifPresent(defect -> errors.add(new FieldError(parameter.getKey(), defect)));
        }
    }

    private static boolean consumesJson(ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return false;
        }
        Consumes consumes = Optional.ofNullable(method.getAnnotation(Consumes.class))
                .orElseGet(() -> resource.getResourceClass().getAnnotation(Consumes.class));
        return consumes != null && Arrays.stream(consumes.value())
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(value -> MediaType.valueOf(value.strip()))
                .anyMatch(type -> type.getType().equalsIgnoreCase("application") && type.getSubtype().equalsIgnoreCase("json"));
    }

    /** A body is announced by its length or by chunked transfer (which BodyLimitFilter admits only for uploads). */
    private static boolean hasBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        return length != null ? !length.strip().equals("0") : request.getHeaderString("Transfer-Encoding") != null;
    }

    private static boolean isUtf8Json(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.valueOf(contentType);
            String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
            return type.getType().equalsIgnoreCase("application") && type.getSubtype().equalsIgnoreCase("json")
                    && (charset == null || charset.equalsIgnoreCase("utf-8"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
