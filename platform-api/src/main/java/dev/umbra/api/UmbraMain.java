package dev.umbra.api;

import dev.umbra.api.embedded.EmbeddedPostgres;
import io.quarkus.runtime.Application;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Starts the platform. With no JDBC URL configured it first starts the embedded PostgreSQL and
 * points the datasource at it: the datasource URL is runtime configuration, read after this
 * method hands over to Quarkus, so a system property set here is seen by Flyway and Hibernate.
 */
@QuarkusMain
public final class UmbraMain {

    UmbraMain() {
    }

    public static void main(String... args) {
        Config config = ConfigProvider.getConfig();
        boolean jdbcUrlGiven = config.getOptionalValue("quarkus.datasource.jdbc.url", String.class).isPresent();
        boolean embedded = config.getOptionalValue("umbra.embedded.database", Boolean.class).orElse(true);
        if (!jdbcUrlGiven && embedded) {
            Path dataDir = Path.of(config.getValue("umbra.embedded.data-dir", String.class));
            EmbeddedPostgres postgres;
            try {
                postgres = EmbeddedPostgres.startPersistent(dataDir.resolve("postgres"));
            } catch (IllegalStateException e) {
                // Another platform on this data directory, or a server that will not stop: say so, no trace.
                System.err.println("umbra: " + e.getMessage());
                System.exit(1);
                return;
            }
            System.setProperty("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
            System.setProperty("quarkus.datasource.username", EmbeddedPostgres.USER);
            System.setProperty("quarkus.datasource.password", postgres.password());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAfterApplication(postgres), "umbra-embedded-postgres"));
        }
        Quarkus.run(args);
    }

    /**
     * On exit (Ctrl-C, SIGTERM) Quarkus stops the application in its own shutdown hook; the
     * database must outlive it, or the last scheduled tasks and requests fail against a stopped server.
     */
    private static void stopAfterApplication(EmbeddedPostgres postgres) {
        Application application = Application.currentApplication();
        if (application != null) {
            Thread waiter = new Thread(application::awaitShutdown, "umbra-await-shutdown");
            waiter.setDaemon(true);
            waiter.start();
            try {
                waiter.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            postgres.close();
        } catch (java.io.IOException e) {
            System.err.println("embedded PostgreSQL did not stop cleanly: " + e.getMessage());
        }
    }
}
