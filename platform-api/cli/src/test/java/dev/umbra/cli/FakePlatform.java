package dev.umbra.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A JDK HTTP server on loopback answering with canned responses, to test what the CLI sends and
 * how it prints what it gets. Responses for one "METHOD path" are served in order; the last repeats.
 */
final class FakePlatform implements AutoCloseable {

    record Request(String method, String uri, String body, String authorization) {
    }

    record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> answers = new HashMap<>();
    final List<Request> requests = new ArrayList<>();

    FakePlatform() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            synchronized (this) {
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), body,
                        exchange.getRequestHeaders().getFirst("Authorization")));
            }
            Deque<Answer> queue = answers.get(exchange.getRequestMethod() + " " + path);
            Answer answer = queue == null ? new Answer(404, "application/problem+json",
                    "{\"type\": \"urn:umbra:problem:not-found\", \"title\": \"Not Found\", \"status\": 404, \"detail\": \"no such resource\"}"
                            .getBytes(StandardCharsets.UTF_8), Map.of())
                    : queue.size() > 1 ? queue.poll() : queue.peek();
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            exchange.getResponseBody().write(answer.body());
            exchange.close();
        });
        server.start();
    }

    FakePlatform json(String method, String path, int status, String json) {
        return answer(method, path, new Answer(status, status >= 400 ? "application/problem+json" : "application/json",
                json.getBytes(StandardCharsets.UTF_8), Map.of()));
    }

    FakePlatform answer(String method, String path, Answer answer) {
        answers.computeIfAbsent(method + " " + path, k -> new ArrayDeque<>()).add(answer);
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized Request last() {
        return requests.get(requests.size() - 1);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
