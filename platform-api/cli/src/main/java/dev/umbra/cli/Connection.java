package dev.umbra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.umbra.client.UmbraClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the platform is and the token to show it. Each comes from the first that has it: the
 * flag, the environment ({@code UMBRA_SERVER}, {@code UMBRA_TOKEN}), the config file
 * {@code ~/.umbra/cli.json} ({@code {"server": ..., "token": ...}}); the server defaults to
 * {@code http://localhost:8080}, the token to the one the embedded default wrote at its first start
 * ({@code ~/.umbra/admin-token}), so the CLI works against a local platform with no setup.
 */
final class Connection {

    static final String DEFAULT_SERVER = "http://localhost:8080";

    @Option(names = "--server", paramLabel = "URL", description = "platform URL (else $UMBRA_SERVER, ~/.umbra/cli.json, "
            + DEFAULT_SERVER + ")")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN", description = "API token (else $UMBRA_TOKEN, ~/.umbra/cli.json)")
    String token;

    /** The resolved server and token (token may be null). */
    record Settings(URI server, String token) {
    }

    Settings resolve(Map<String, String> environment, Path home) {
        JsonNode file = configFile(home);
        String url = first(server, environment.get("UMBRA_SERVER"), text(file, "server"), DEFAULT_SERVER);
        String secret = first(token, environment.get("UMBRA_TOKEN"), text(file, "token"), embeddedAdminToken(home));
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return new Settings(uri, secret);
        } catch (IllegalArgumentException e) {
            throw new CliException("bad server URL '" + url + "': " + e.getMessage());
        }
    }

    UmbraClient client(Map<String, String> environment, Path home) {
        Settings settings = resolve(environment, home);
        return new UmbraClient(settings.server(), settings.token());
    }

    private static JsonNode configFile(Path home) {
        Path file = home.resolve(".umbra").resolve("cli.json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The token the embedded default wrote at first start ({@code ~/.umbra/admin-token}), if this is that machine. */
    private static String embeddedAdminToken(Path home) {
        Path file = home.resolve(".umbra").resolve("admin-token");
        try {
            return Files.isReadable(file) ? Files.readString(file).strip() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String key) {
        return node != null && node.path(key).isTextual() ? node.get(key).asText() : null;
    }

    private static String first(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return null;
    }
}
