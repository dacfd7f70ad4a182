package dev.umbra.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads tell this machine's write errors from the network's, and never leave a .part behind. */
class HttpJsonDownloadTest {

    private static final byte[] BYTES = new byte[200_000];
    /** Larger than what may wait for the hash (HashingFileSubscriber.MAX_QUEUED chunks): the cap must hold and release. */
    private static final byte[] LARGE = new byte[24 << 20];

    static {
        new java.util.Random(3).nextBytes(BYTES);
        new java.util.Random(4).nextBytes(LARGE);
    }

    @TempDir
    Path dir;

    private HttpServer server;
    private HttpJson http;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/whole", exchange -> {
            exchange.sendResponseHeaders(200, BYTES.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BYTES);
            }
        });
        server.createContext("/cut", exchange -> {
            // Promises every byte, sends a tenth, and hangs up: the network failed mid-download.
            exchange.sendResponseHeaders(200, BYTES.length);
            exchange.getResponseBody().write(BYTES, 0, BYTES.length / 10);
            exchange.getResponseBody().flush();
            exchange.close();
        });
        server.createContext("/large", exchange -> {
            exchange.getResponseHeaders().add("X-Umbra-Sha256", sha256(LARGE));
            exchange.sendResponseHeaders(200, LARGE.length);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int at = 0; at < LARGE.length; at += 100_000) { // many small writes: many chunks
                    out.write(LARGE, at, Math.min(100_000, LARGE.length - at));
                }
            }
        });
        server.createContext("/redirected", exchange -> {
            // as the platform answers for a store with presigned URLs: the checksum here, the bytes there
            exchange.getResponseHeaders().add("X-Umbra-Sha256", sha256(BYTES));
            exchange.getResponseHeaders().add("Location", "/whole");
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        server.createContext("/wrong-sum", exchange -> {
            exchange.getResponseHeaders().add("X-Umbra-Sha256", sha256(new byte[1]));
            exchange.getResponseHeaders().add("Location", "/whole");
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        server.start();
        http = new HttpJson(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), null);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpRequest get(String path) {
        return http.request(path, Duration.ofSeconds(10)).GET().build();
    }

    @Test
    void aFullDiskIsALocalFailureAndLeavesNoPartFile() throws IOException {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "skipped: no /dev/full to stand in for a full disk");
        Path target = dir.resolve("data.zip");
        // Writes through the .part file land on /dev/full, which answers every write with ENOSPC.
        Files.createSymbolicLink(dir.resolve("data.zip.part"), full);

        assertThatThrownBy(() -> http.download(get("whole"), target))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("No space left on device");
        assertThat(dir.resolve("data.zip.part")).doesNotExist();
        assertThat(target).doesNotExist();
    }

    @Test
    void aFileWhereTheDirectoryShouldBeIsALocalFailure() throws IOException {
        Files.writeString(dir.resolve("cache"), "not a directory");

        assertThatThrownBy(() -> http.download(get("whole"), dir.resolve("cache").resolve("data.zip")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cache");
    }

    @Test
    void aConnectionLostMidwayIsANetworkFailureAndLeavesNoPartFile() throws IOException {
        Path target = dir.resolve("data.zip");

        assertThatThrownBy(() -> http.download(get("cut"), target)).isInstanceOf(PlatformUnreachableException.class);
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aLargeBodyIsWrittenWholeAndVerified() throws IOException {
        Path target = dir.resolve("large.bin");

        http.download(get("large"), target);

        assertThat(Files.readAllBytes(target)).isEqualTo(LARGE);
    }

    @Test
    void aRedirectedDownloadIsVerifiedAgainstThePlatformsChecksum() throws IOException {
        Path target = dir.resolve("redirected.bin");

        http.download(get("redirected"), target);

        assertThat(Files.readAllBytes(target)).isEqualTo(BYTES);
    }

    @Test
    void bytesThatDoNotMatchTheChecksumAreRefusedAndLeaveNothing() throws IOException {
        Path target = dir.resolve("corrupt.bin");

        assertThatThrownBy(() -> http.download(get("wrong-sum"), target))
                .isInstanceOf(PlatformUnreachableException.class).hasMessageContaining("corrupted");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCompleteDownloadLandsInPlace() throws IOException {
        Path target = dir.resolve("sub").resolve("data.zip");

        http.download(get("whole"), target);

        assertThat(Files.readAllBytes(target)).isEqualTo(BYTES);
        assertThat(dir.resolve("sub").resolve("data.zip.part")).doesNotExist();
    }
}
