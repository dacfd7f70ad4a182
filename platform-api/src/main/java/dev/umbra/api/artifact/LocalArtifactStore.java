package dev.umbra.api.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Blobs as files under {@code <root>/blobs/sha256/<2 hex>/<64 hex>}. An upload is written aside,
 * hashed on the way, and moved into place atomically, so a reader never sees half a blob and a
 * crash leaves at most a temporary file.
 */
public final class LocalArtifactStore implements ArtifactStore {

    private final Path blobs;
    private final Path incoming;

    public LocalArtifactStore(Path root) throws IOException {
        this.blobs = root.resolve("blobs").resolve("sha256");
        this.incoming = root.resolve("incoming");
        Files.createDirectories(blobs);
        Files.createDirectories(incoming);
    }

    @Override
    public StoredBlob put(InputStream content, String expectedSha256) throws IOException {
        Path temp = Files.createTempFile(incoming, "upload-", ".part");
        try {
            MessageDigest digest = sha256();
            long size;
            try (InputStream in = new DigestInputStream(content, digest); OutputStream out = Files.newOutputStream(temp)) {
                size = in.transferTo(out);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (expectedSha256 != null && !expectedSha256.equals(actual)) {
                throw new ChecksumMismatchException(expectedSha256, actual);
            }
            Path target = path(actual);
            if (!Files.exists(target)) {
                Files.createDirectories(target.getParent());
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return new StoredBlob(actual, size);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public InputStream open(String sha256) throws IOException {
        try {
            return Files.newInputStream(path(sha256));
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException("no blob " + sha256);
        }
    }

    @Override
    public Optional<Long> size(String sha256) throws IOException {
        Path blob = path(sha256);
        try {
            return Optional.of(Files.size(blob));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String sha256) throws IOException {
        Files.deleteIfExists(path(sha256));
    }

    private Path path(String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        return blobs.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
