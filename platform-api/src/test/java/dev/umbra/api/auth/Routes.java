package dev.umbra.api.auth;

import dev.umbra.api.common.Caller;
import io.quarkus.arc.Arc;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every REST resource method of the running application, read off its CDI container (Quarkus
 * REST resources are beans), with the access policy {@link AccessFilter} will apply to it.
 */
final class Routes {

    /** One resource method: {@code GET /api/v1/runs/{id}} and what it consumes. */
    record Route(String httpMethod, String template, Class<?> resource, Method method, Optional<Caller> policy,
                 Optional<String> consumes) {

        String key() {
            return httpMethod + " " + template;
        }
    }

    private static final Map<Class<? extends Annotation>, String> HTTP_METHODS = Map.of(GET.class, "GET", POST.class, "POST",
            PUT.class, "PUT", PATCH.class, "PATCH", DELETE.class, "DELETE", HEAD.class, "HEAD", OPTIONS.class, "OPTIONS");

    private Routes() {
    }

    static List<Route> all() {
        Set<Class<?>> resources = new LinkedHashSet<>();
        for (Bean<?> bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            if (type.isAnnotationPresent(Path.class)) {
                resources.add(type);
            }
        }
        List<Route> routes = new ArrayList<>();
        for (Class<?> resource : resources) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getDeclaredMethods()) {
                for (Map.Entry<Class<? extends Annotation>, String> http : HTTP_METHODS.entrySet()) {
                    if (method.isAnnotationPresent(http.getKey())) {
                        Path sub = method.getAnnotation(Path.class);
                        String template = join(base, sub == null ? "" : sub.value());
                        Consumes consumes = method.getAnnotation(Consumes.class);
                        routes.add(new Route(http.getValue(), template, resource, method, AccessFilter.policy(method, resource),
                                Optional.ofNullable(consumes).map(c -> c.value()[0])));
                    }
                }
            }
        }
        routes.sort(Comparator.comparing(Route::template).thenComparing(Route::httpMethod));
        return routes;
    }

    private static String join(String base, String sub) {
        String path = ("/" + base + "/" + sub).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
