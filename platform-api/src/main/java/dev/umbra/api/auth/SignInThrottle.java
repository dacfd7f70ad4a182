package dev.umbra.api.auth;

import dev.umbra.api.config.UmbraConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Limits portal sign-ins per username, so that passwords cannot be guessed online: each username
 * may fail {@code umbra.auth.sign-in-failures} times in a row, then one more attempt per
 * {@code umbra.auth.sign-in-refill}. While none is left every attempt for that username is refused
 * before its password is even checked (a correct one too), and a success clears the count.
 * Unknown usernames are counted like known ones, so the answer does not reveal which exist.
 *
 * <p>The buckets live in PostgreSQL ({@code sign_in_throttle}, V14), so the limit holds for the
 * whole platform however many replicas share the guesses, and time is the database's clock, the
 * one all replicas share. An attempt takes its token before the password is checked, in one
 * statement under the row lock: parallel guesses, on one replica or several, cannot all pass a
 * check made before any of them failed.
 */
@ApplicationScoped
public class SignInThrottle {

    /** Attempts left now: the stored count refilled for the time since, up to the burst. */
    private static final String AVAILABLE =
            "least(:burst, t.tokens + extract(epoch FROM clock_timestamp() - t.updated_at)::float8 * :rate)";

    private final EntityManager entities;
    private final double perSecond;
    private final int burst;

    public SignInThrottle(EntityManager entities, UmbraConfig config) {
        this.entities = entities;
        this.perSecond = 1.0 / Math.max(1e-3, config.auth().signInRefill().toMillis() / 1000.0);
        this.burst = Math.max(1, config.auth().signInFailures());
    }

    /**
     * Takes one attempt for this username: empty when it may try now, else the seconds to wait.
     * In a transaction of its own, so that a failed sign-in rolling back its request's transaction
     * still counts.
     */
    public OptionalLong attempt(String username) {
        return QuarkusTransaction.requiringNew().call(() -> {
            int taken = entities.createNativeQuery("INSERT INTO sign_in_throttle AS t (username, tokens, updated_at) "
                            + "VALUES (:username, :burst - 1, clock_timestamp()) ON CONFLICT (username) DO UPDATE "
                            + "SET tokens = " + AVAILABLE + " - 1, updated_at = clock_timestamp() WHERE " + AVAILABLE + " >= 1")
                    .setParameter("username", key(username)).setParameter("burst", burst).setParameter("rate", perSecond)
                    .executeUpdate();
            if (taken == 1) {
                return OptionalLong.empty();
            }
            Number wait = (Number) entities.createNativeQuery("SELECT (1 - " + AVAILABLE + ") / :rate FROM sign_in_throttle t "
                            + "WHERE t.username = :username")
                    .setParameter("username", key(username)).setParameter("burst", burst).setParameter("rate", perSecond)
                    .getSingleResult();
            return OptionalLong.of(Math.max(1, (long) Math.ceil(wait.doubleValue())));
        });
    }

    /** Clears the username's failures; part of the successful sign-in's transaction. */
    @Transactional
    public void succeeded(String username) {
        entities.createNativeQuery("DELETE FROM sign_in_throttle WHERE username = :username")
                .setParameter("username", key(username)).executeUpdate();
    }

    /** A full bucket is the same as none: forgets them, so guessed usernames do not pile up. */
    @Scheduled(every = "1h", delayed = "1h")
    @Transactional
    void forgetRefilled() {
        entities.createNativeQuery("DELETE FROM sign_in_throttle t WHERE " + AVAILABLE + " >= :burst")
                .setParameter("burst", burst).setParameter("rate", perSecond).executeUpdate();
    }

    private static String key(String username) {
        // Bounded: SessionResource refuses longer names before they get here.
        return username.toLowerCase(Locale.ROOT);
    }
}
