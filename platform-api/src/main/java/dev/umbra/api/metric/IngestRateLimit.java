package dev.umbra.api.metric;

import dev.umbra.api.auth.Access;
import dev.umbra.api.common.Problems;
import dev.umbra.api.common.TokenBucket;
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
 * Buckets live in this process: with N API replicas behind a load balancer a token may ingest up
 * to N times the rate. Enough for its purpose (a runaway script, not an adversary: the token is a
 * member's), and it keeps ingestion free of a database write per request just to count.
 */
public class IngestRateLimit {

    private static final Pattern INGEST = Pattern.compile("/api/v1/runs/[^/]+/metrics");

    private final CurrentIdentityAssociation identities;
    private final double perSecond;
    private final int burst;
    private final Map<Long, TokenBucket> buckets = new ConcurrentHashMap<>();

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
        long now = System.nanoTime();
        double wait = buckets.computeIfAbsent(token, t -> new TokenBucket(perSecond, burst, now)).take(now);
        if (wait <= 0) {
            return null;
        }
        long retryAfter = (long) Math.ceil(wait);
        return Response.fromResponse(Problems.response(429, "rate-limited", "Too many requests",
                        "metric ingestion is limited to " + perSecond + " requests per second per token; retry in "
                                + retryAfter + " s", List.of()))
                .header("Retry-After", retryAfter).build();
    }
}
