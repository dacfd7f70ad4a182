package dev.umbra.api.artifact;

import java.io.IOException;
import java.io.InputStream;

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

    boolean exists(String sha256) throws IOException;

    void delete(String sha256) throws IOException;

    /** The checksum of an upload did not match what the client declared. */
    class ChecksumMismatchException extends IOException {
        public ChecksumMismatchException(String expected, String actual) {
            super("the content's SHA-256 is " + actual + ", not the declared " + expected);
        }
    }
}
