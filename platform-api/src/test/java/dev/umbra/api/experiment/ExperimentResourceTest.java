package dev.umbra.api.experiment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import dev.umbra.api.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ExperimentResourceTest {

    @Test
    void createGetUpdateArchiveRoundTrip() {
        String name = "resnet sweep " + UUID.randomUUID();
        JsonPath created = given().contentType(ContentType.JSON)
                .body("{\"name\": \"" + name + "\", \"description\": \"first try\", \"tags\": [\"cifar\", \"ssl\"]}")
                .post("/api/v1/experiments")
                .then().statusCode(201).header("Location", containsString("/api/v1/experiments/"))
                .extract().jsonPath();
        long id = created.getLong("id");
        assertThat(created.getString("name")).isEqualTo(name);
        assertThat(created.getList("tags")).containsExactly("cifar", "ssl");
        assertThat(created.getString("created_at")).endsWith("Z");

        given().contentType(ContentType.JSON).body("{\"description\": \"second try\", \"tags\": [\"cifar\"]}")
                .patch("/api/v1/experiments/" + id)
                .then().statusCode(200).body("name", equalTo(name)).body("description", equalTo("second try"));

        given().post("/api/v1/experiments/" + id + "/archive").then().statusCode(200).body("archived", equalTo(true));
        assertThat(given().queryParam("name", name).get("/api/v1/experiments").jsonPath().getList("items")).isEmpty();
        assertThat(given().queryParam("name", name).queryParam("include_archived", "true").get("/api/v1/experiments")
                .jsonPath().getList("items.id", Long.class)).containsExactly(id);

        given().get("/api/v1/experiments/" + id).then().statusCode(200)
                .body("description", equalTo("second try")).body("tags", equalTo(List.of("cifar")));
    }

    @Test
    void filtersByNameSubstringAndEveryTag() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        long both = create("alpha-" + marker, "[\"a\", \"b\"]");
        long onlyA = create("beta-" + marker, "[\"a\"]");
        create("gamma-other", "[\"a\", \"b\"]");

        List<Long> byName = given().queryParam("name", marker.toUpperCase()).get("/api/v1/experiments")
                .jsonPath().getList("items.id", Long.class);
        assertThat(byName).containsExactly(onlyA, both);

        List<Long> byTags = given().queryParam("name", marker).queryParam("tag", "a").queryParam("tag", "b")
                .get("/api/v1/experiments").jsonPath().getList("items.id", Long.class);
        assertThat(byTags).containsExactly(both);

        // LIKE metacharacters are searched for literally.
        assertThat(given().queryParam("name", "%").get("/api/v1/experiments").jsonPath().getList("items")).isEmpty();
    }

    @Test
    void pagesAreStableWhileRowsAreInserted() throws Exception {
        String tag = "page" + UUID.randomUUID().toString().substring(0, 8);
        Set<Long> created = new HashSet<>();
        for (int i = 0; i < 25; i++) {
            created.add(create("paged-" + i, "[\"" + tag + "\"]"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Long>> concurrent = new ArrayList<>();
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            // Others insert while we page; keyset paging must neither skip nor repeat an older row.
            for (int i = 0; i < 4; i++) {
                concurrent.add(pool.submit(() -> create("concurrent", "[\"" + tag + "\"]")));
            }
            var request = given().queryParam("tag", tag).queryParam("limit", 7);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/v1/experiments").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id", Long.class));
            cursor = page.getString("next_cursor");
        } while (cursor != null);
        for (Future<Long> f : concurrent) {
            f.get();
        }
        pool.shutdown();

        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsAll(created);
        assertThat(seen).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    @Test
    void unknownExperimentIsAProblem404() {
        given().get("/api/v1/experiments/987654321").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:umbra:problem:not-found"))
                .body("detail", endsWith("987654321"));
    }

    private static long create(String name, String tags) {
        return given().contentType(ContentType.JSON).body("{\"name\": \"" + name + "\", \"tags\": " + tags + "}")
                .post("/api/v1/experiments").then().statusCode(201).extract().jsonPath().getLong("id");
    }
}
