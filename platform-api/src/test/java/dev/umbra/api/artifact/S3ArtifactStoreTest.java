package dev.umbra.api.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The S3 store against a real S3 server over HTTP (S3Mock in-process). */
class S3ArtifactStoreTest {

    private static final long PART = 5L * 1024 * 1024; // S3's smallest part
    private static S3Server server;
    private static S3ArtifactStore store;

    @BeforeAll
    static void start() throws IOException {
        server = S3Server.start();
        store = S3ArtifactStore.connect(server.endpoint(), "us-east-1", "store-test", S3Server.ACCESS_KEY,
                S3Server.SECRET_KEY, PART);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void putThenOpenReturnsTheSameBytesUnderTheirHash() throws IOException {
        byte[] bytes = random(1000, 1);
        ArtifactStore.StoredBlob blob = store.put(new ByteArrayInputStream(bytes), sha256(bytes));
        assertThat(blob).isEqualTo(new ArtifactStore.StoredBlob(sha256(bytes), 1000));
        assertThat(read(store.open(blob.sha256()))).isEqualTo(bytes);
        assertThat(store.size(blob.sha256())).contains(1000L);
    }

    @Test
    void twentyMegabytesGoUpInPartsAndComeBackWhole() throws IOException {
        byte[] bytes = random(20 * 1024 * 1024, 2);
        ArtifactStore.StoredBlob blob = store.put(new ByteArrayInputStream(bytes), null);
        assertThat(blob.sha256()).isEqualTo(sha256(bytes));
        assertThat(blob.size()).isEqualTo(bytes.length);
        assertThat(sha256(read(store.open(blob.sha256())))).isEqualTo(sha256(bytes));
    }

    @Test
    void aChecksumMismatchStoresNothing() throws IOException {
        byte[] bytes = random(4096, 3);
        String wrong = sha256(random(10, 4));
        assertThatThrownBy(() -> store.put(new ByteArrayInputStream(bytes), wrong))
                .isInstanceOf(ArtifactStore.ChecksumMismatchException.class);
        assertThat(store.size(sha256(bytes))).isEmpty();
        assertThat(store.size(wrong)).isEmpty();
    }

    @Test
    void theSameBytesTwiceAreOneBlob() throws IOException {
        byte[] bytes = random(2048, 5);
        ArtifactStore.StoredBlob first = store.put(new ByteArrayInputStream(bytes), null);
        ArtifactStore.StoredBlob second = store.put(new ByteArrayInputStream(bytes), sha256(bytes));
        assertThat(second).isEqualTo(first);
        store.delete(first.sha256());
        assertThat(store.size(first.sha256())).isEmpty();
        assertThatThrownBy(() -> store.open(first.sha256())).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aPresignedUploadIsRefusedByTheStoreUnlessTheBytesMatch() throws Exception {
        byte[] bytes = random(3000, 6);
        String sha = sha256(bytes);
        ArtifactStore.Presigned put = store.presignPut(sha, Duration.ofMinutes(1)).orElseThrow();
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> refused = http.send(upload(put, random(3000, 7)), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isBetween(400, 499);
        assertThat(store.size(sha)).isEmpty();

        HttpResponse<String> accepted = http.send(upload(put, bytes), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(store.size(sha)).contains(3000L);

        ArtifactStore.Presigned get = store.presignGet(sha, "a.bin", Duration.ofMinutes(1)).orElseThrow();
        HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(get.url()).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(bytes);
    }

    private static HttpRequest upload(ArtifactStore.Presigned put, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(put.url()).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        put.headers().forEach(request::header);
        return request.build();
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }
}
