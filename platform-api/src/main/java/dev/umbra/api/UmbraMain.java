package dev.umbra.api;

import dev.umbra.api.embedded.EmbeddedPostgres;
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
            EmbeddedPostgres postgres = EmbeddedPostgres.startPersistent(dataDir.resolve("postgres"));
            System.setProperty("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
            System.setProperty("quarkus.datasource.username", EmbeddedPostgres.USER);
            System.setProperty("quarkus.datasource.password", "");
        }
        Quarkus.run(args);
    }
}
