package dev.umbra.api.artifact;

import com.adobe.testing.s3mock.S3MockApplication;
import org.apache.catalina.webresources.TomcatURLStreamHandlerFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A real S3 server over HTTP for tests: Adobe S3Mock in this JVM, on a fixed port and directory so
 * a test can stop it (the store is down) and start it again with the same objects.
 */
public final class S3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret";

    static {
        // Spring Boot must not reconfigure logging: Quarkus's log manager owns this JVM.
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        // Tomcat installs a JVM-wide URL handler factory, which fails once Quarkus has set one.
        TomcatURLStreamHandlerFactory.disable();
    }

    private final int port;
    private final Path root;
    private S3MockApplication app;

    private S3Server(int port, Path root) {
        this.port = port;
        this.root = root;
    }

    public static S3Server start() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        S3Server server = new S3Server(port, Files.createTempDirectory("s3mock-"));
        server.up();
        return server;
    }

    public String endpoint() {
        return "http://localhost:" + port;
    }

    public synchronized void up() {
        if (app != null) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(S3MockApplication.PROP_HTTP_PORT, port);
        properties.put(S3MockApplication.PROP_HTTPS_PORT, 0);
        properties.put(S3MockApplication.PROP_ROOT_DIRECTORY, root.toString());
        properties.put("com.adobe.testing.s3mock.store.retainFilesOnExit", true);
        properties.put(S3MockApplication.PROP_SILENT, true);
        properties.put("spring.main.register-shutdown-hook", false);
        // Spring would read the platform's application.properties (first on the classpath) instead of
        // S3Mock's own: read none, and pass S3Mock's settings here.
        properties.put("spring.config.name", "s3mock-no-config-file");
        properties.put("com.adobe.testing.s3mock.region", "us-east-1");
        properties.put("spring.jmx.enabled", false);
        properties.put("spring.main.lazy-initialization", true);
        properties.put("server.tomcat.max-swallow-size", "10MB");
        properties.put("management.endpoints.web.discovery.enabled", false);
        app = S3MockApplication.start(properties);
    }

    public synchronized void down() {
        if (app != null) {
            app.stop();
            app = null;
        }
    }

    @Override
    public void close() {
        down();
    }
}
