package dev.umbra.api.artifact;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umbra.api.RunnerPlayer;
import dev.umbra.api.TestData;
import dev.umbra.client.PlatformUnreachableException;
import dev.umbra.client.UmbraClient;
import dev.umbra.client.dto.ArtifactDto;
import dev.umbra.client.runner.RunnerClient;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Artifacts through the S3 store as a runner moves them: presigned uploads and downloads straight
 * to the store (the runner never holds its credentials), dedup, and a store that is down for a while.
 */
@QuarkusTest
@TestProfile(S3StoreProfile.class)
class S3ArtifactFlowTest {

    @S3StoreProfile.Server
    S3Server s3;

    private URI platform() {
        return URI.create("http://localhost:" + RestAssured.port);
    }

    @Test
    void aCheckpointGoesUpAndComesBackThroughPresignedUrls() throws Exception {
        RunnerPlayer runner = RunnerPlayer.register();
        long runId = TestData.run(TestData.experiment(), TestData.spec("simclr", 11));
        int attempt = runner.claim(runId);
        RunnerClient client = new RunnerClient(platform(), runner.token());
        Path dir = Files.createTempDirectory("s3-flow");
        Path checkpoint = Files.write(dir.resolve("epoch-0001.ckpt"), S3ArtifactStoreTest.random(3 * 1024 * 1024, 21));

        ArtifactDto stored = client.putArtifact(runId, runner.runnerId(), attempt, "checkpoint", "epoch-0001.ckpt", checkpoint);

        assertThat(stored.sha256()).isEqualTo(S3ArtifactStoreTest.sha256(Files.readAllBytes(checkpoint)));
        assertThat(stored.sizeBytes()).isEqualTo(3 * 1024 * 1024);
        // the platform hands out a URL of the store, not its own endpoint
        String ticket = given().header("Authorization", "Bearer " + runner.token()).contentType(ContentType.JSON)
                .body("{\"runner_id\": " + runner.runnerId() + ", \"attempt\": " + attempt + ", \"sha256\": \""
                        + "0".repeat(64) + "\", \"size_bytes\": 1}")
                .post("/api/v1/runner/runs/" + runId + "/artifacts/checkpoint/epoch-0002.ckpt/upload")
                .then().statusCode(200).extract().asString();
        assertThat(ticket).contains("\"transfer\":\"presigned\"").contains(s3.endpoint()).contains("x-amz-checksum-sha256");

        Path back = dir.resolve("back.ckpt");
        client.getArtifact(runId, runner.runnerId(), attempt, "checkpoint", "epoch-0001.ckpt", back);
        assertThat(Files.readAllBytes(back)).isEqualTo(Files.readAllBytes(checkpoint));

        // a user's download is redirected to the store as well
        given().redirects().follow(false).get("/api/v1/runs/" + runId + "/artifacts/" + stored.id() + "/content")
                .then().statusCode(307).header("Location", org.hamcrest.Matchers.startsWith(s3.endpoint()))
                .header("X-Umbra-Sha256", stored.sha256());
        Path userCopy = dir.resolve("user.ckpt");
        new UmbraClient(platform(), dev.umbra.api.TestData.ADMIN_TOKEN).download(runId, stored.id(), userCopy);
        assertThat(Files.readAllBytes(userCopy)).isEqualTo(Files.readAllBytes(checkpoint));
        runner.complete(runId, attempt, "SUCCEEDED");
    }

    @Test
    void theSameBytesTwiceAreStoredOnce() throws Exception {
        RunnerPlayer runner = RunnerPlayer.register();
        long runId = TestData.run(TestData.experiment(), TestData.spec("simclr", 12));
        int attempt = runner.claim(runId);
        RunnerClient client = new RunnerClient(platform(), runner.token());
        Path file = Files.write(Files.createTempDirectory("s3-dedup").resolve("e.bin"), S3ArtifactStoreTest.random(5000, 22));

        ArtifactDto first = client.putArtifact(runId, runner.runnerId(), attempt, "embeddings", "train.bin", file);
        ArtifactDto second = client.putArtifact(runId, runner.runnerId(), attempt, "embeddings", "test.bin", file);

        assertThat(second.sha256()).isEqualTo(first.sha256());
        assertThat(second.id()).isNotEqualTo(first.id());
        List<String> names = given().get("/api/v1/runs/" + runId + "/artifacts").then().statusCode(200)
                .extract().jsonPath().getList("name");
        assertThat(names).containsExactly("test.bin", "train.bin");
        runner.complete(runId, attempt, "SUCCEEDED");
    }

    @Test
    void aDownloadWhoseBytesWereAlteredInTheStoreIsRefused() throws Exception {
        RunnerPlayer runner = RunnerPlayer.register();
        long runId = TestData.run(TestData.experiment(), TestData.spec("simclr", 14));
        int attempt = runner.claim(runId);
        RunnerClient client = new RunnerClient(platform(), runner.token());
        Path dir = Files.createTempDirectory("s3-corrupt");
        byte[] bytes = S3ArtifactStoreTest.random(4096, 24);
        ArtifactDto stored = client.putArtifact(runId, runner.runnerId(), attempt, "checkpoint", "epoch-0003.ckpt",
                Files.write(dir.resolve("c.ckpt"), bytes));
        // someone with the store's credentials overwrites the blob behind the platform's back
        byte[] altered = S3ArtifactStoreTest.random(4096, 25);
        MinioClient.builder().endpoint(s3.endpoint()).region("us-east-1").credentials(S3Server.ACCESS_KEY, S3Server.SECRET_KEY)
                .build().putObject(PutObjectArgs.builder().bucket("umbra-test").object("blobs/sha256/" + stored.sha256())
                        .stream(new ByteArrayInputStream(altered), altered.length, -1).build());

        Path target = dir.resolve("back.ckpt");
        assertThatThrownBy(() -> client.getArtifact(runId, runner.runnerId(), attempt, "checkpoint", "epoch-0003.ckpt", target))
                .isInstanceOf(PlatformUnreachableException.class).hasMessageContaining("corrupted");
        assertThat(target).doesNotExist();
        runner.complete(runId, attempt, "SUCCEEDED");
    }

    @Test
    void anUploadWhileTheStoreIsDownIsRetriedAndTheRunStillFinishes() throws Exception {
        RunnerPlayer runner = RunnerPlayer.register();
        long runId = TestData.run(TestData.experiment(), TestData.spec("simclr", 13));
        int attempt = runner.claim(runId);
        RunnerClient client = new RunnerClient(platform(), runner.token());
        Path file = Files.write(Files.createTempDirectory("s3-down").resolve("encoder.safetensors"),
                S3ArtifactStoreTest.random(10_000, 23));

        s3.down();
        try {
            // the agent retries exactly this kind of failure with backoff
            assertThatThrownBy(() -> client.putArtifact(runId, runner.runnerId(), attempt, "encoder", "encoder.safetensors", file))
                    .isInstanceOf(PlatformUnreachableException.class);
        } finally {
            s3.up();
        }
        ArtifactDto stored = client.putArtifact(runId, runner.runnerId(), attempt, "encoder", "encoder.safetensors", file);
        runner.complete(runId, attempt, "SUCCEEDED");

        assertThat(stored.sizeBytes()).isEqualTo(10_000);
        assertThat(given().get("/api/v1/runs/" + runId).then().statusCode(200).extract().jsonPath().getString("status"))
                .isEqualTo("SUCCEEDED");
    }
}
