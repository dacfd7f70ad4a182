package dev.umbra.api.artifact;

import io.minio.BucketExistsArgs;
import io.minio.ComposeObjectArgs;
import io.minio.ComposeSource;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.http.Method;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.security.DigestInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Blobs as objects {@code blobs/sha256/<64 hex>} in one bucket of an S3-compatible store (MinIO,
 * AWS, ...) through the MinIO client. The platform's own uploads go to {@code incoming/<uuid>}
 * first (multipart, hashed on the way) and are copied into place only once the hash is known and
 * matches, so a blob key always names its content. Presigned uploads sign the
 * {@code x-amz-checksum-sha256} header, so the store itself refuses bytes that do not match.
 */
public final class S3ArtifactStore implements ArtifactStore {

    private static final String BLOBS = "blobs/sha256/";
    private static final String INCOMING = "incoming/";
    static final String CHECKSUM_HEADER = "x-amz-checksum-sha256";
    private static final Set<String> ABSENT = Set.of("NoSuchKey", "NoSuchObject", "NotFound");

    private final MinioClient client;
    private final String bucket;
    private final long partSize;

    private S3ArtifactStore(MinioClient client, String bucket, long partSize) {
        this.client = client;
        this.bucket = bucket;
        this.partSize = partSize;
    }

    /** Connects and creates the bucket when it is missing. */
    public static S3ArtifactStore connect(String endpoint, String region, String bucket, String accessKey,
                                         String secretKey, long partSize) throws IOException {
        MinioClient client = MinioClient.builder().endpoint(endpoint).region(region)
                .credentials(accessKey, secretKey).build();
        S3ArtifactStore store = new S3ArtifactStore(client, bucket, partSize);
        store.call(() -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
            return null;
        });
        return store;
    }

    @Override
    public StoredBlob put(InputStream content, String expectedSha256) throws IOException {
        String staging = INCOMING + UUID.randomUUID();
        MessageDigest digest = sha256();
        try {
            call(() -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(staging)
                    .stream(new DigestInputStream(content, digest), -1, partSize)
                    .contentType("application/octet-stream").build()));
            String actual = HexFormat.of().formatHex(digest.digest());
            if (expectedSha256 != null && !expectedSha256.equals(actual)) {
                throw new ChecksumMismatchException(expectedSha256, actual);
            }
            long size = call(() -> client.statObject(StatObjectArgs.builder().bucket(bucket).object(staging).build())).size();
            if (size(actual).isEmpty()) {
                call(() -> client.composeObject(ComposeObjectArgs.builder().bucket(bucket).object(key(actual))
                        .sources(List.of(ComposeSource.builder().bucket(bucket).object(staging).build())).build()));
            }
            return new StoredBlob(actual, size);
        } finally {
            try {
                call(() -> {
                    client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(staging).build());
                    return null;
                });
            } catch (IOException e) {
                // A leftover under incoming/ wastes space but is never read; a bucket lifecycle rule can expire it.
            }
        }
    }

    @Override
    public InputStream open(String sha256) throws IOException {
        try {
            return call(() -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(key(sha256)).build()));
        } catch (AbsentException e) {
            throw new NoSuchFileException("no blob " + sha256);
        }
    }

    @Override
    public Optional<Long> size(String sha256) throws IOException {
        StatObjectResponse stat;
        try {
            stat = call(() -> client.statObject(StatObjectArgs.builder().bucket(bucket).object(key(sha256))
                    .extraHeaders(Map.of("x-amz-checksum-mode", "ENABLED")).build()));
        } catch (AbsentException e) {
            return Optional.empty();
        }
        // Multipart objects carry a checksum of part checksums ("...-N"): only a full-object one compares.
        String reported = stat.headers().get(CHECKSUM_HEADER);
        if (reported != null && !reported.contains("-") && !reported.equals(base64(sha256))) {
            throw new ChecksumMismatchException(sha256, HexFormat.of().formatHex(Base64.getDecoder().decode(reported)));
        }
        return Optional.of(stat.size());
    }

    @Override
    public void delete(String sha256) throws IOException {
        call(() -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key(sha256)).build());
            return null;
        });
    }

    @Override
    public Optional<Presigned> presignPut(String sha256, Duration expiry) throws IOException {
        Map<String, String> headers = Map.of(CHECKSUM_HEADER, base64(sha256));
        Instant expiresAt = Instant.now().plus(expiry);
        String url = call(() -> client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.PUT)
                .bucket(bucket).object(key(sha256)).expiry((int) expiry.toSeconds()).extraHeaders(headers).build()));
        return Optional.of(new Presigned(URI.create(url), headers, expiresAt));
    }

    @Override
    public Optional<Presigned> presignGet(String sha256, String fileName, Duration expiry) throws IOException {
        Instant expiresAt = Instant.now().plus(expiry);
        String url = call(() -> client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.GET)
                .bucket(bucket).object(key(sha256)).expiry((int) expiry.toSeconds())
                .extraQueryParams(Map.of("response-content-disposition", "attachment; filename=\"" + fileName + "\""))
                .build()));
        return Optional.of(new Presigned(URI.create(url), Map.of(), expiresAt));
    }

    private static String key(String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        return BLOBS + sha256;
    }

    private static String base64(String sha256Hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** The object does not exist. */
    private static final class AbsentException extends IOException {
        AbsentException(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private interface S3Call<T> {
        T call() throws IOException, MinioException, GeneralSecurityException;
    }

    /** One store call, its many checked exceptions folded into IOException (a missing object into AbsentException). */
    private <T> T call(S3Call<T> call) throws IOException {
        try {
            return call.call();
        } catch (ErrorResponseException e) {
            if (ABSENT.contains(e.errorResponse().code())) {
                throw new AbsentException(e);
            }
            throw new IOException("S3 refused: " + e.errorResponse().code() + " " + e.getMessage(), e);
        } catch (MinioException | GeneralSecurityException e) {
            throw new IOException("S3 call failed: " + e, e);
        }
    }
}
