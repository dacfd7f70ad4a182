package dev.umbra.api.metric;

import dev.umbra.api.auth.Access;
import dev.umbra.api.common.Problems;
import dev.umbra.api.config.UmbraConfig;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A token bucket per token on user metric ingestion ({@code POST /api/v1/runs/{id}/metrics}):
 * a script in a loop must not flood the database. Over the limit: 429 with {@code Retry-After}.
 * Runners report through the runner protocol, which is not limited (it is bounded by heartbeats).
 * Buckets live in this process: with several API replicas each allows the rate.
 */
public class IngestRateLimit {

    private static final Pattern INGEST = Pattern.compile("/api/v1/runs/[^/]+/metrics");

    private final CurrentIdentityAssociation identities;
    private final double perSecond;
    private final int burst;
    private final Map<Long, Bucket> buckets = new ConcurrentHashMap<>();

    public IngestRateLimit(CurrentIdentityAssociation identities, UmbraConfig config) {
        this.identities = identities;
        this.perSecond = config.auth().ingestPerSecond();
        this.burst = config.auth().ingestBurst();
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION + 10)
    public Response limit(ContainerRequestContext request) {
        if (!request.getMethod().equals("POST") || !INGEST.matcher(request.getUriInfo().getPath()).matches()) {
            return null;
        }
        Long token = identities.getIdentity().getAttribute(Access.TOKEN_ID);
        if (token == null) {
            return null; // AccessFilter has refused it already
        }
        double wait = buckets.computeIfAbsent(token, t -> new Bucket(burst)).take(perSecond, burst, System.nanoTime());
        if (wait <= 0) {
            return null;
        }
        long retryAfter = (long) Math.ceil(wait);
        return Response.fromResponse(Problems.response(429, "rate-limited", "Too many requests",
                        "metric ingestion is limited to " + perSecond + " requests per second per token; retry in "
                                + retryAfter + " s", List.of()))
                .header("Retry-After", retryAfter).build();
    }

    /** Tokens refill continuously at the rate up to the burst; a request takes one. */
    private static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(int burst) {
            this.tokens = burst;
            this.updated = System.nanoTime();
        }

        /** Takes a token and returns 0, or returns the seconds until one is available. */
        synchronized double take(double perSecond, int burst, long now) {
            tokens = Math.min(burst, tokens + (now - updated) / 1e9 * perSecond);
            updated = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (1 - tokens) / perSecond;
        }
    }
}
