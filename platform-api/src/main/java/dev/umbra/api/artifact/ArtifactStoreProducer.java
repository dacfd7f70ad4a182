package dev.umbra.api.artifact;

import dev.umbra.api.config.UmbraConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;

/** The store {@code umbra.artifacts.store} names: the data directory (the embedded default) or S3. */
@ApplicationScoped
public class ArtifactStoreProducer {

    @Produces
    @Singleton
    ArtifactStore artifactStore(UmbraConfig config) throws IOException {
        UmbraConfig.Artifacts artifacts = config.artifacts();
        return switch (artifacts.store()) {
            case LOCAL -> new LocalArtifactStore(config.embedded().dataDir().resolve("artifacts"));
            case S3 -> {
                UmbraConfig.Artifacts.S3 s3 = artifacts.s3();
                yield S3ArtifactStore.connect(
                        s3.endpoint().orElseThrow(() -> missing("endpoint")), s3.region(), s3.bucket(),
                        s3.accessKey().orElseThrow(() -> missing("access-key")),
                        s3.secretKey().orElseThrow(() -> missing("secret-key")), s3.partSize().asLongValue());
            }
        };
    }

    private static IllegalStateException missing(String option) {
        return new IllegalStateException("umbra.artifacts.store=s3 needs umbra.artifacts.s3." + option);
    }
}
