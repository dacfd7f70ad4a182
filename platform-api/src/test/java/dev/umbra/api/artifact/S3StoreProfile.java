package dev.umbra.api.artifact;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;

/** The platform with the S3 artifact store, against an S3Mock server the test can stop and start. */
public class S3StoreProfile implements QuarkusTestProfile {

    /** Marks the test's {@link S3Server} field. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Server {
    }

    /** Runs stay leased while the store is down for a while (the test plays a runner that sends no heartbeats). */
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("umbra.scheduler.lease", "60s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resource.class));
    }

    public static class Resource implements QuarkusTestResourceLifecycleManager {

        private S3Server server;

        @Override
        public Map<String, String> start() {
            try {
                server = S3Server.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("umbra.artifacts.store", "s3",
                    "umbra.artifacts.s3.endpoint", server.endpoint(),
                    "umbra.artifacts.s3.bucket", "umbra-test",
                    "umbra.artifacts.s3.access-key", S3Server.ACCESS_KEY,
                    "umbra.artifacts.s3.secret-key", S3Server.SECRET_KEY,
                    "umbra.artifacts.s3.part-size", "5M");
        }

        @Override
        public void inject(TestInjector injector) {
            injector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(Server.class, S3Server.class));
        }

        @Override
        public void stop() {
            server.close();
        }
    }
}
