package dev.umbra.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.umbra.client.dto.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * HTTP with the platform's conventions: bearer token, snake_case JSON DTOs, problem documents
 * turned into {@link ApiProblemException}, unreachable or failing servers (5xx) into
 * {@link PlatformUnreachableException}, which callers may retry.
 */
public final class HttpJson {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES); // newer servers may add fields

    private final HttpClient http;
    private final URI base;
    private final String token;

    public HttpJson(URI base, String token) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.token = token;
    }

    /** A request to {@code path} (relative to the base URL) with the token and a timeout. */
    public HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
                .timeout(timeout);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    /** Sends JSON (nothing for a null body) and reads the answer as {@code type}; null for 204. */
    public <T> T send(String method, String path, Object body, Class<T> type, Duration timeout) {
        return send(method, path, body, MAPPER.getTypeFactory().constructType(type), timeout);
    }

    public <T> List<T> sendForList(String method, String path, Object body, Class<T> element, Duration timeout) {
        return send(method, path, body, MAPPER.getTypeFactory().constructCollectionType(List.class, element), timeout);
    }

    public <T> T send(String method, String path, Object body, JavaType type, Duration timeout) {
        HttpRequest.BodyPublisher publisher;
        try {
            publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the request body as JSON", e);
        }
        HttpRequest.Builder request = request(path, timeout).method(method, publisher).header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<InputStream> response = exchange(request.build());
        try (InputStream in = response.body()) {
            byte[] bytes = in.readAllBytes();
            if (response.statusCode() == 204 || type.getRawClass() == Void.class || bytes.length == 0) {
                return null;
            }
            return MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw new PlatformUnreachableException("unreadable answer from " + response.uri() + ": " + e, e);
        }
    }

    /**
     * Sends a request; returns the response (its body unread) when the status is below 400, else
     * throws. The caller closes the body stream.
     */
    public HttpResponse<InputStream> exchange(HttpRequest request) {
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            if (status < 400) {
                return response;
            }
            byte[] bytes;
            try (InputStream in = response.body()) {
                bytes = in.readAllBytes();
            }
            throw refusal(request, status, bytes);
        } catch (IOException e) {
            throw new PlatformUnreachableException("cannot reach " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformUnreachableException("interrupted while calling " + request.uri(), e);
        }
    }

    private static RuntimeException refusal(HttpRequest request, int status, byte[] bytes) {
        if (status >= 500) {
            return new PlatformUnreachableException(request.method() + " " + request.uri() + " failed with " + status
                    + ": " + new String(bytes, StandardCharsets.UTF_8), null);
        }
        return new ApiProblemException(status, problem(status, bytes));
    }

    /**
     * Downloads to {@code target}. Where the platform redirects to a presigned URL of the artifact
     * store, the bytes come from there (without the platform's token: the URL carries its own
     * signature); either way they are checked against the {@code X-Umbra-Sha256} the platform sent.
     */
    public void download(HttpRequest request, Path target) {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        String what = "download of " + request.uri().getPath();
        try {
            try {
                Files.createDirectories(part.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + part + ": " + reason(e), e);
            }
            HttpResponse<Fetched> response = fetch(request, part, http::send);
            int status = response.statusCode();
            String expected = response.headers().firstValue("X-Umbra-Sha256").orElse(null);
            if (status >= 400) {
                throw refusal(request, status, response.body().answer());
            }
            if (status / 100 == 3) {
                URI location = request.uri().resolve(response.headers().firstValue("Location")
                        .orElseThrow(() -> new PlatformUnreachableException("a redirect without a location from " + request.uri(), null)));
                HttpRequest direct = HttpRequest.newBuilder(location).timeout(request.timeout().orElse(Duration.ofMinutes(30)))
                        .GET().build();
                what = "download of " + location.getPath();
                response = fetch(direct, part, this::direct);
            }
            String actual = response.body().sha256();
            if (expected != null && !expected.equals(actual)) {
                throw new PlatformUnreachableException(what + " was corrupted: SHA-256 " + actual + ", expected " + expected,
                        null);
            }
            try {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target + ": " + reason(e), e);
            }
        } finally {
            deleteQuietly(part); // gone after the move; a leftover of a failure otherwise
        }
    }

    /** A download's answer: the SHA-256 of the body written to the file (2xx), or the body of any other answer. */
    private record Fetched(String sha256, byte[] answer) {
    }

    private interface Send {
        <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException;
    }

    /**
     * One call whose 2xx body streams to {@code part} through {@link HashingFileSubscriber}. A failure
     * to write the file is this machine's ({@link UncheckedIOException}, which no retry cures); any
     * other failure to read the body is the network's ({@link PlatformUnreachableException}).
     */
    private static HttpResponse<Fetched> fetch(HttpRequest request, Path part, Send send) {
        HttpResponse.BodyHandler<Fetched> handler = info -> info.statusCode() / 100 == 2
                ? HttpResponse.BodySubscribers.mapping(new HashingFileSubscriber(part), sha -> new Fetched(sha, null))
                : HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArray(), b -> new Fetched(null, b));
        try {
            return send.send(request, handler);
        } catch (IOException | PlatformUnreachableException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof HashingFileSubscriber.FileWriteException local) {
                    IOException io = (IOException) local.getCause();
                    throw new UncheckedIOException("cannot write " + part + ": " + reason(io), io);
                }
            }
            if (e instanceof PlatformUnreachableException p) {
                throw p;
            }
            throw new PlatformUnreachableException("download of " + request.uri().getPath() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformUnreachableException("interrupted while calling " + request.uri(), e);
        }
    }

    /** Uploads a file straight to a presigned store URL with the headers it was signed with. */
    public void upload(URI url, Map<String, String> headers, Path file, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout);
        headers.forEach(request::header);
        try {
            request.PUT(HttpRequest.BodyPublishers.ofFile(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        closeQuietly(direct(request.build(), HttpResponse.BodyHandlers.ofInputStream()).body());
    }

    /**
     * One call to the artifact store. Store failures, and a refused signature (the URL expired
     * while waiting), are worth retrying with a fresh URL; anything else it refuses is not.
     */
    private <T> HttpResponse<T> direct(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        HttpResponse<T> response;
        try {
            response = http.send(request, handler);
        } catch (IOException e) {
            throw new PlatformUnreachableException("cannot reach the artifact store: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformUnreachableException("interrupted while calling the artifact store", e);
        }
        int status = response.statusCode();
        if (status < 300) {
            return response;
        }
        if (response.body() instanceof InputStream in) {
            closeQuietly(in);
        }
        String what = request.method() + " " + request.uri().getPath() + " to the artifact store answered " + status;
        if (status >= 500 || status == 403) {
            throw new PlatformUnreachableException(what, null);
        }
        throw new IllegalStateException(what);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing more to read from it anyway
        }
    }

    /** Why a local file operation failed, without the path the message already names. */
    private static String reason(IOException e) {
        if (e instanceof FileSystemException f) {
            return f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the same failing file system; nothing more to do about it here
        }
    }

    private static Problem problem(int status, byte[] bytes) {
        try {
            return MAPPER.readValue(bytes, Problem.class);
        } catch (IOException e) {
            return new Problem("about:blank", "HTTP " + status, status, new String(bytes, StandardCharsets.UTF_8), null,
                    List.of());
        }
    }
}
