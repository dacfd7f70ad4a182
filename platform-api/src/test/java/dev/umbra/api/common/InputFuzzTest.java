package dev.umbra.api.common;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.umbra.api.TestData;
import dev.umbra.api.Users;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Malformed variants of every documented request body and query and path parameter, generated from
 * the running application's OpenAPI document, so a new endpoint is fuzzed without being listed
 * here. No variant may answer 5xx; every refusal is a problem document; text the database cannot
 * store, out-of-range times, repeated keys and non-JSON media types get their exact status and name
 * the field. Deterministic: the same requests on every run (about 3,000, a few seconds).
 *
 * <p>Ids in paths are ones that do not exist, so no variant that slips through can touch another
 * test's data; bodies and parameters are checked before any id is looked up.
 */
@QuarkusTest
class InputFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String NO_SUCH_ID = "987654321";
    /** Placeholder for text Jackson will not write: replaced in the serialised body. */
    private static final String SURROGATE = "@@lone-surrogate@@";
    private static final String BYTES = "@@invalid-utf-8@@";
    /** Placeholder for nesting deeper than Jackson will write (or read: its limit is 1000). */
    private static final String NESTED = "@@deeply-nested@@";
    private static final List<String> ODD_VALUES = List.of("", "-1", "99999999999999999999999", "%FF%FE", "x".repeat(2000),
            "%27%20OR%201=1--");

    private static JsonNode openApi;
    private static String runnerToken;

    @TestFactory
    Stream<DynamicTest> noInputGetsA5xx() throws Exception {
        openApi = JSON.readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract().asByteArray());
        runnerToken = Users.runnerToken();
        List<DynamicTest> tests = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = openApi.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (List.of("get", "post", "put", "patch", "delete").contains(op.getKey())) {
                    Operation operation = new Operation(op.getKey().toUpperCase(), path.getKey(), op.getValue());
                    tests.add(DynamicTest.dynamicTest(operation.method + " " + operation.path, () -> fuzz(operation)));
                }
            }
        }
        assertThat(tests).as("operations in the OpenAPI document").hasSizeGreaterThan(50);
        return tests.stream();
    }

    private void fuzz(Operation op) {
        SoftAssertions softly = new SoftAssertions();
        JsonNode bodySchema = op.spec.path("requestBody").path("content").path("application/json").path("schema");
        List<Leaf> leaves = new ArrayList<>();
        // A binary body (read by the resource itself) has no structure to spoil: an object stands in.
        JsonNode base = bodySchema.isMissingNode() ? null
                : bodySchema.path("format").asText().equals("binary") ? NODES.objectNode() : sample(bodySchema, "", leaves, 0);
        // Parameters travel with a well-formed body, so only the parameter is wrong.
        byte[] baseBody = base == null ? null : write(base).getBytes(StandardCharsets.UTF_8);
        String baseType = base == null ? null : "application/json";
        List<JsonNode> parameters = new ArrayList<>();
        op.spec.path("parameters").forEach(parameters::add);
        for (JsonNode parameter : parameters) {
            String name = parameter.get("name").asText();
            String in = parameter.get("in").asText();
            if (!in.equals("query") && !in.equals("path")) {
                continue;
            }
            Function<String, String> url = value -> in.equals("path") ? op.url(Map.of(name, value))
                    : op.url(Map.of()) + "?" + name + "=" + value;
            Answer nul = op.send(url.apply("a%00b"), baseBody, baseType);
            softly.assertThat(nul.statusCode()).as("%s with NUL in %s", op, name).isEqualTo(400);
            softly.assertThat(fields(nul)).as("%s with NUL in %s: the field", op, name).contains(name);
            for (String odd : ODD_VALUES) {
                check(softly, op, "'" + abbreviate(odd) + "' as " + name, op.send(url.apply(odd), baseBody, baseType));
            }
        }
        if (base != null) {
            fuzzBody(softly, op, base, leaves);
        }
        softly.assertAll();
    }

    private void fuzzBody(SoftAssertions softly, Operation op, JsonNode base, List<Leaf> leaves) {
        String url = op.url(Map.of());
        String text = write(base);

        // media types: refused before the body is read
        for (String type : new String[] {null, "application/json; charset=utf-16", "text/plain"}) {
            Answer response = op.send(url, text.getBytes(StandardCharsets.UTF_8), type);
            softly.assertThat(response.statusCode()).as("%s as %s", op, type).isEqualTo(415);
            problem(softly, op, "as " + type, response);
        }
        // documents that are not JSON, or not one meaning
        for (String bad : new String[] {text.substring(0, text.length() - 1), "[".repeat(3000) + "]".repeat(3000), "{\"a\": 1} {}"}) {
            Answer response = op.json(url, bad);
            softly.assertThat(response.statusCode()).as("%s with '%s'", op, abbreviate(bad)).isEqualTo(400);
            problem(softly, op, abbreviate(bad), response);
        }
        leaves.stream().filter(leaf -> leaf.kind.equals("string")).findFirst().ifPresent(leaf -> {
            String[] around = write(leaf.apply(base.deepCopy(), NODES.textNode(BYTES))).split(BYTES);
            byte[] invalid = concat(concat(around[0].getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff, (byte) 0xfe}),
                    around[1].getBytes(StandardCharsets.UTF_8));
            Answer response = op.send(url, invalid, "application/json");
            softly.assertThat(response.statusCode()).as("%s with invalid UTF-8 in %s", op, leaf.path).isEqualTo(400);
            problem(softly, op, "invalid UTF-8", response);
        });
        if (base.isObject() && base.size() > 0) {
            String first = base.fieldNames().next();
            Answer repeated = op.json(url, "{\"" + first + "\": " + write(base.get(first)) + ", " + text.substring(1));
            softly.assertThat(repeated.statusCode()).as("%s repeating %s", op, first).isEqualTo(400);
            softly.assertThat(fields(repeated)).as("%s repeating %s: the field", op, first).contains(first);
        }
        for (String other : new String[] {"[]", "\"x\"", "null"}) {
            check(softly, op, "body " + other, op.json(url, other));
        }
        // one leaf at a time
        for (Leaf leaf : leaves) {
            for (Map.Entry<JsonNode, Integer> variant : leaf.variants().entrySet()) {
                JsonNode mutated = leaf.apply(base.deepCopy(), variant.getKey());
                Answer response = op.json(url, write(mutated).replace(SURROGATE, "\\ud800")
                        .replace("\"" + NESTED + "\"", "{\"a\": ".repeat(2000) + "1" + "}".repeat(2000)));
                String what = leaf.path + " = " + abbreviate(variant.getKey().toString());
                check(softly, op, what, response);
                if (variant.getValue() != null) {
                    softly.assertThat(response.statusCode()).as("%s with %s", op, what).isEqualTo(variant.getValue());
                }
                // (Nesting past the limit is refused by the parser, which names no field.)
                if (variant.getValue() != null && !variant.getKey().asText().equals(NESTED)) {
                    softly.assertThat(fields(response)).as("%s with %s: the field", op, what)
                            .anyMatch(field -> field.startsWith(leaf.path.isEmpty() ? "(body)" : leaf.path));
                }
            }
        }
    }

    /** A value for the schema, and every leaf under it (with its JSON path as the API names it). */
    private JsonNode sample(JsonNode schema, String path, List<Leaf> leaves, int depth) {
        JsonNode resolved = schema;
        String ref = schema.path("$ref").asText("");
        if (ref.endsWith("/JsonNode")) {
            // Free JSON (specs, progress, details): one key to spoil, any value allowed.
            ObjectNode tree = NODES.objectNode().put("k", "v");
            leaves.add(new Leaf(join(path, "k"), "string", true));
            leaves.add(new Leaf(path, "tree", true));
            return tree;
        }
        if (!ref.isEmpty()) {
            resolved = openApi.at("/components/schemas/" + ref.substring(ref.lastIndexOf('/') + 1));
        }
        String type = resolved.path("type").asText("object");
        String format = resolved.path("format").asText("");
        if (depth > 4) {
            return NODES.nullNode();
        }
        switch (type) {
            case "string" -> {
                if (!resolved.path("enum").isMissingNode()) {
                    leaves.add(new Leaf(path, "enum", false));
                    return resolved.get("enum").get(0);
                }
                leaves.add(new Leaf(path, format.equals("date-time") ? "time" : "string", false));
                return format.equals("date-time") ? NODES.textNode("2024-05-01T12:00:00Z") : NODES.textNode("x");
            }
            case "integer", "number" -> {
                leaves.add(new Leaf(path, type, false));
                // Ids that exist nowhere: no variant may act on another test's runner, run or team.
                return path.endsWith("id") ? NODES.numberNode(Long.parseLong(NO_SUCH_ID)) : NODES.numberNode(1);
            }
            case "boolean" -> {
                leaves.add(new Leaf(path, "boolean", false));
                return NODES.booleanNode(false);
            }
            case "array" -> {
                leaves.add(new Leaf(path, "array", false));
                ArrayNode array = NODES.arrayNode();
                array.add(sample(resolved.path("items"), path + "[0]", leaves, depth + 1));
                return array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                if (resolved.has("additionalProperties")) {
                    object.set("k", sample(resolved.get("additionalProperties"), join(path, "k"), leaves, depth + 1));
                }
                for (Iterator<Map.Entry<String, JsonNode>> properties = resolved.path("properties").fields(); properties.hasNext(); ) {
                    Map.Entry<String, JsonNode> property = properties.next();
                    object.set(property.getKey(), sample(property.getValue(), join(path, property.getKey()), leaves, depth + 1));
                }
                return object;
            }
        }
    }

    /** One place in a body, of a kind that decides its malformed variants. */
    private record Leaf(String path, String kind, boolean free) {

        /** Variant to the exact status it must get (null: anything but 5xx). */
        Map<JsonNode, Integer> variants() {
            Map<JsonNode, Integer> variants = new LinkedHashMap<>();
            switch (kind) {
                case "tree" -> {
                    variants.put(NODES.objectNode().put("a\u0000", 1), 400);
                    variants.put(NODES.textNode(NESTED), 400);
                }
                case "string", "enum" -> {
                    variants.put(NODES.textNode("a\u0000b"), 400);
                    variants.put(NODES.textNode(SURROGATE), 400);
                    variants.put(NODES.textNode("x".repeat(100_000)), null);
                    variants.put(NODES.numberNode(12345), free ? null : 400);
                    variants.put(NODES.objectNode(), free ? null : 400);
                }
                case "time" -> {
                    variants.put(NODES.textNode("+300000-01-01T00:00:00Z"), 400);
                    variants.put(NODES.textNode("1969-12-31T23:59:59Z"), 400);
                    variants.put(NODES.textNode("-0001-01-01T00:00:00Z"), 400);
                    variants.put(NODES.numberNode(new BigDecimal("1e30")), 400);
                    variants.put(NODES.textNode("yesterday"), 400);
                    variants.put(NODES.textNode("a\u0000b"), 400);
                }
                case "integer" -> {
                    variants.put(NODES.numberNode(-1), null);
                    variants.put(NODES.numberNode(new BigInteger("9".repeat(400))), 400);
                    variants.put(NODES.numberNode(1.5), 400);
                    variants.put(NODES.textNode("1"), 400);
                }
                case "number" -> {
                    variants.put(NODES.numberNode(-1), null);
                    variants.put(NODES.numberNode(new BigInteger("9".repeat(400))), null);
                    variants.put(NODES.numberNode(new BigDecimal("1e400")), null);
                    variants.put(NODES.textNode("1"), 400);
                }
                case "boolean" -> variants.put(NODES.textNode("true"), 400);
                default -> {
                    variants.put(NODES.textNode("x"), 400);
                    variants.put(NODES.arrayNode().add(NODES.textNode("a\u0000")), 400);
                }
            }
            return variants;
        }

        /** The body with this leaf replaced (the leaf may be the whole body). */
        JsonNode apply(JsonNode root, JsonNode value) {
            if (path.isEmpty()) {
                return value;
            }
            String[] steps = path.replace("[", ".[").split("\\.");
            JsonNode parent = root;
            for (int i = 0; i < steps.length - 1; i++) {
                parent = step(parent, steps[i]);
            }
            String last = steps[steps.length - 1];
            if (last.startsWith("[")) {
                ((ArrayNode) parent).set(Integer.parseInt(last.substring(1, last.length() - 1)), value);
            } else {
                ((ObjectNode) parent).set(last, value);
            }
            return root;
        }

        private static JsonNode step(JsonNode node, String step) {
            return step.startsWith("[") ? node.get(Integer.parseInt(step.substring(1, step.length() - 1))) : node.get(step);
        }
    }

    /** An operation of the document and whose credentials it takes. */
    private record Operation(String method, String path, JsonNode spec) {

        String url(Map<String, String> values) {
            String url = path;
            for (JsonNode parameter : spec.path("parameters")) {
                if (parameter.get("in").asText().equals("path")) {
                    String name = parameter.get("name").asText();
                    url = url.replace("{" + name + "}", values.getOrDefault(name, placeholder(parameter)));
                }
            }
            return url;
        }

        private static String placeholder(JsonNode parameter) {
            return parameter.path("schema").path("type").asText().equals("integer") ? NO_SUCH_ID
                    : parameter.get("name").asText().equals("checksum") ? "a".repeat(64) : "x";
        }

        /** The runner's endpoints take a runner token; sign-in takes none; the rest an admin's token. */
        private String authorization() {
            if (path.startsWith("/api/v1/runner/")) {
                return "Bearer " + runnerToken;
            }
            return method.equals("POST") && path.equals("/api/v1/session") ? "" : "Bearer " + TestData.ADMIN_TOKEN;
        }

        Answer json(String url, String body) {
            return send(url, body.getBytes(StandardCharsets.UTF_8), "application/json");
        }

        /** Sends the request (no Content-Type when contentType is null); answers 429 are waited out. */
        Answer send(String url, byte[] body, String contentType) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + url))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            if (!authorization().isEmpty()) {
                request.header("Authorization", authorization());
            }
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            try {
                for (int attempt = 0; ; attempt++) {
                    HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() != 429 || attempt == 3) {
                        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
                    }
                    Thread.sleep(1000 * Math.min(3, Long.parseLong(response.headers().firstValue("Retry-After").orElse("1"))));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** What came back: status, media type and body. */
    private record Answer(int statusCode, String contentType, byte[] body) {

        String asString() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static void check(SoftAssertions softly, Operation op, String what, Answer response) {
        softly.assertThat(response.statusCode()).as("%s with %s", op, what).isLessThan(500);
        if (response.statusCode() >= 400) {
            problem(softly, op, what, response);
        }
    }

    private static void problem(SoftAssertions softly, Operation op, String what, Answer response) {
        softly.assertThat(response.contentType()).as("%s with %s: a problem document", op, what).startsWith("application/problem+json");
        softly.assertThat(response.asString()).as("%s with %s: a problem type", op, what).contains("urn:umbra:problem:");
    }

    private static List<String> fields(Answer response) {
        try {
            List<String> fields = new ArrayList<>();
            JSON.readTree(response.body()).path("errors").forEach(error -> fields.add(error.path("field").asText()));
            return fields;
        } catch (Exception e) {
            return List.of();
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] head, byte[] end) {
        byte[] all = Arrays.copyOf(head, head.length + end.length);
        System.arraycopy(end, 0, all, head.length, end.length);
        return all;
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "...(" + text.length() + " chars)" : text;
    }
}
