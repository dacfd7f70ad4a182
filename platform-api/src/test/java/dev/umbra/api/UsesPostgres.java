package dev.umbra.api;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * Registers {@link PostgresTestResource} for the whole test JVM (not restricted to one class), so
 * every Quarkus test shares one database and one application start.
 */
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
public final class UsesPostgres {

    private UsesPostgres() {
    }
}
