package dev.umbra.api.artifact;

import dev.umbra.api.RunnerPlayer;
import dev.umbra.api.TestData;
import dev.umbra.client.runner.RunnerClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Benchmark: bench/artifacts/run.sh runs it on a 200 MB checkpoint ({@code -Dbench.artifacts.mb},
 * {@code -Dbench.artifacts.repeats}); the normal test run includes it (platform-api's pom) in its
 * smoke size, 2 MB once, so it cannot rot. A checkpoint uploaded and downloaded through the
 * platform's runner protocol (ticket, presigned PUT, confirm; redirect, presigned GET, SHA-256
 * check) against the same bytes moved
 * straight to and from the S3 server with a presigned URL and no platform call or checksum, and
 * beside the speed of SHA-256 alone in this JVM. Every copy is checked byte for byte: a wrong byte
 * fails the benchmark (and its smoke mode) rather than a fast figure.
 */
@QuarkusTest
@TestProfile(S3StoreProfile.class)
class ArtifactThroughputBench {

    private static final int SIZE = Integer.getInteger("bench.artifacts.mb", 2) * 1024 * 1024;
    private static final int REPEATS = Integer.getInteger("bench.artifacts.repeats", 1);

    @Inject
    ArtifactStore store;

    @Test
    void throughThePlatformAgainstDirect() throws Exception {
        RunnerPlayer runner = RunnerPlayer.register();
        long runId = TestData.run(TestData.experiment(), TestData.spec("simclr", 99));
        int attempt = runner.claim(runId);
        RunnerClient client = new RunnerClient(URI.create("http://localhost:" + RestAssured.port), runner.token());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Path dir = Files.createTempDirectory("artifact-bench");
        Path file = dir.resolve("checkpoint.bin");
        byte[] block = new byte[1024 * 1024];
        new Random(1).nextBytes(block);

        // MB/s: up direct, checked, platform; down direct, checked, platform; SHA-256 alone
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < REPEATS; i++) {
            writeDistinct(file, block, 3 * i); // fresh bytes each time: no upload may dedup
            String sha = sha256(file);
            long t0 = System.nanoTime();
            ArtifactStore.Presigned put = store.presignPut(sha, Duration.ofMinutes(10)).orElseThrow();
            HttpRequest.Builder request = HttpRequest.newBuilder(put.url()).PUT(HttpRequest.BodyPublishers.ofFile(file));
            put.headers().forEach(request::header);
            expectOk(http.send(request.build(), HttpResponse.BodyHandlers.discarding()));
            double directUp = mbps(t0);
            long t1 = System.nanoTime();
            ArtifactStore.Presigned get = store.presignGet(sha, "x", Duration.ofMinutes(10)).orElseThrow();
            expectOk(http.send(HttpRequest.newBuilder(get.url()).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(dir.resolve("direct.bin"))));
            double directDown = mbps(t1);
            expectSame(dir.resolve("direct.bin"), sha);

            // direct with the same integrity checks the protocol makes: hash, signed checksum, hash on the way down
            writeDistinct(file, block, 3 * i + 1);
            long t4 = System.nanoTime();
            String checkedSha = sha256(file);
            ArtifactStore.Presigned checkedPut = store.presignPut(checkedSha, Duration.ofMinutes(10)).orElseThrow();
            HttpRequest.Builder checked = HttpRequest.newBuilder(checkedPut.url()).PUT(HttpRequest.BodyPublishers.ofFile(file));
            checkedPut.headers().forEach(checked::header);
            expectOk(http.send(checked.build(), HttpResponse.BodyHandlers.discarding()));
            double checkedUp = mbps(t4);
            long t5 = System.nanoTime();
            ArtifactStore.Presigned checkedGet = store.presignGet(checkedSha, "x", Duration.ofMinutes(10)).orElseThrow();
            HttpResponse<InputStream> body = http.send(HttpRequest.newBuilder(checkedGet.url()).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            expectOk(body);
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(body.body(), digest)) {
                Files.copy(in, dir.resolve("checked.bin"), StandardCopyOption.REPLACE_EXISTING);
            }
            if (!HexFormat.of().formatHex(digest.digest()).equals(checkedSha)) {
                throw new AssertionError("direct download corrupted");
            }
            double checkedDown = mbps(t5);

            writeDistinct(file, block, 3 * i + 2);
            long t2 = System.nanoTime();
            client.putArtifact(runId, runner.runnerId(), attempt, "checkpoint", "epoch-" + i + ".ckpt", file);
            double platformUp = mbps(t2);
            long t3 = System.nanoTime();
            client.getArtifact(runId, runner.runnerId(), attempt, "checkpoint", "epoch-" + i + ".ckpt", dir.resolve("platform.bin"));
            double platformDown = mbps(t3);
            expectSame(dir.resolve("platform.bin"), sha256(file));
            runner.heartbeat(runId, attempt, "");
            rows.add(new double[] {directUp, checkedUp, platformUp, directDown, checkedDown, platformDown, shaAlone(block)});
        }
        runner.complete(runId, attempt, "SUCCEEDED");
        report(rows);
    }

    private static void writeDistinct(Path file, byte[] block, int variant) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int mb = 0; mb < SIZE / block.length; mb++) {
                block[0] = (byte) variant;
                block[1] = (byte) mb;
                out.write(block);
            }
        }
    }

    /** MB/s of MessageDigest SHA-256 over SIZE bytes in memory, 1 MB per update: the speed the checks can reach. */
    private static double shaAlone(byte[] block) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        long t = System.nanoTime();
        for (int mb = 0; mb < SIZE / block.length; mb++) {
            digest.update(block);
        }
        digest.digest();
        return mbps(t);
    }

    private static void expectSame(Path copy, String sha) throws Exception {
        if (Files.size(copy) != SIZE || !sha256(copy).equals(sha)) {
            throw new AssertionError(copy.getFileName() + " is not the file that was uploaded");
        }
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void expectOk(HttpResponse<?> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError("the S3 server answered " + response.statusCode());
        }
    }

    private static double mbps(long startNanos) {
        return (SIZE / 1e6) / ((System.nanoTime() - startNanos) / 1e9);
    }

    private static void report(List<double[]> rows) throws IOException {
        StringBuilder md = new StringBuilder("| repeat | up: direct | up: direct + checks | up: platform | down: direct"
                + " | down: direct + checks | down: platform | SHA-256 alone |\n|---|---|---|---|---|---|---|---|\n");
        double[] sum = new double[7];
        for (int i = 0; i < rows.size(); i++) {
            double[] r = rows.get(i);
            md.append("| ").append(i + 1);
            for (int k = 0; k < 7; k++) {
                md.append(String.format(Locale.ROOT, " | %.0f", r[k]));
                sum[k] += r[k];
            }
            md.append(" |\n");
        }
        md.append("| mean");
        for (int k = 0; k < 7; k++) {
            md.append(String.format(Locale.ROOT, " | %.0f", sum[k] / rows.size()));
        }
        md.append(" |\n\nMB/s (10^6 bytes per second). ");
        md.append(String.format(Locale.ROOT, "Platform / direct: upload %.0f %%, download %.0f %%. "
                        + "Platform / direct with the same checks: upload %.0f %%, download %.0f %%.%n",
                100 * sum[2] / sum[0], 100 * sum[5] / sum[3], 100 * sum[2] / sum[1], 100 * sum[5] / sum[4]));
        md.append(String.format(Locale.ROOT, "SHA-256 alone in this JVM (MessageDigest, 1 MB updates): %.0f MB/s; "
                + "download through the platform / the slower of direct and SHA-256 alone: %.0f %%.%n",
                sum[6] / rows.size(), 100 * sum[5] / Math.min(sum[3], sum[6])));
        md.append(String.format(Locale.ROOT, "artifact bench OK: %d MB x %d, every copy identical%n", SIZE >> 20, rows.size()));
        System.out.println(md);
        String out = System.getProperty("bench.artifacts.out");
        if (out != null) {
            Files.writeString(Path.of(out), md);
        }
    }
}
