package dev.umbra.api.auth;

import dev.umbra.api.common.TokenBucket;
import dev.umbra.api.config.UmbraConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed portal sign-ins per username, so that passwords cannot be guessed online: each
 * username may fail {@code umbra.auth.sign-in-failures} times in a row, then one more attempt per
 * {@code umbra.auth.sign-in-refill}. While none is left every attempt for that username is refused
 * before its password is even checked (a correct one too), and a success clears the count.
 * Unknown usernames are counted like known ones, so the answer does not reveal which exist.
 * Counts live in this process: with several API replicas each allows the rate.
 */
@ApplicationScoped
public class SignInThrottle {

    private final double perSecond;
    private final int burst;
    private final Map<String, TokenBucket> failures = new ConcurrentHashMap<>();

    public SignInThrottle(UmbraConfig config) {
        this.perSecond = 1.0 / Math.max(1e-3, config.auth().signInRefill().toMillis() / 1000.0);
        this.burst = config.auth().signInFailures();
    }

    /** Seconds to wait before this username may try again, or empty when it may try now. */
    public OptionalLong retryAfter(String username) {
        TokenBucket bucket = failures.get(key(username));
        double wait = bucket == null ? 0 : bucket.waitSeconds(System.nanoTime());
        return wait > 0 ? OptionalLong.of((long) Math.ceil(wait)) : OptionalLong.empty();
    }

    public void failed(String username) {
        long now = System.nanoTime();
        failures.computeIfAbsent(key(username), u -> new TokenBucket(perSecond, burst, now)).take(now);
    }

    public void succeeded(String username) {
        failures.remove(key(username));
    }

    private static String key(String username) {
        // Bounded: SessionResource refuses longer names before they get here.
        return username.toLowerCase(Locale.ROOT);
    }
}
