package dev.umbra.api.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Blob storage addressed by content: a blob's key is the SHA-256 of its bytes, so the same bytes
 * are stored once however many artifacts refer to them. The local file system is the embedded
 * default; S3 is the production store.
 */
public interface ArtifactStore {

    /** What was stored: the content's SHA-256 (lowercase hex) and size. */
    record StoredBlob(String sha256, long size) {
    }

    /**
     * Stores the stream's bytes. When {@code expectedSha256} is given and the bytes do not match it,
     * nothing is stored and {@link ChecksumMismatchException} is thrown.
     */
    StoredBlob put(InputStream content, String expectedSha256) throws IOException;

    InputStream open(String sha256) throws IOException;

    /**
     * The size of a stored blob, empty when it is absent. Throws {@link ChecksumMismatchException}
     * when the store itself reports a different SHA-256 for the object.
     */
    Optional<Long> size(String sha256) throws IOException;

    /** A URL through which a client moves a blob's bytes itself, with the headers it must send. */
    record Presigned(URI url, Map<String, String> headers, Instant expiresAt) {
    }

    /**
     * A URL to upload the blob with this SHA-256 directly to the store, which refuses bytes that do
     * not match it. Empty when the store cannot presign: the bytes then stream through the platform.
     */
    default Optional<Presigned> presignPut(String sha256, Duration expiry) throws IOException {
        return Optional.empty();
    }

    /** A URL to download the blob directly from the store, offered under {@code fileName}; empty as above. */
    default Optional<Presigned> presignGet(String sha256, String fileName, Duration expiry) throws IOException {
        return Optional.empty();
    }

    void delete(String sha256) throws IOException;

    /** The checksum of an upload did not match what the client declared. */
    class ChecksumMismatchException extends IOException {
        public ChecksumMismatchException(String expected, String actual) {
            super("the content's SHA-256 is " + actual + ", not the declared " + expected);
        }
    }
}
