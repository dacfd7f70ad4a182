package dev.umbra.api.artifact;

import dev.umbra.api.config.UmbraConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;

/** The embedded default stores blobs under the data directory. */
@ApplicationScoped
public class ArtifactStoreProducer {

    @Produces
    @Singleton
    ArtifactStore artifactStore(UmbraConfig config) throws IOException {
        return new LocalArtifactStore(config.embedded().dataDir().resolve("artifacts"));
    }
}
