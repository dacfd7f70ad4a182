package dev.umbra.client.runner;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Map;

/**
 * How to move an artifact's bytes: {@link #PRESIGNED} — PUT them to {@code url} with
 * {@code headers} (no platform token: the URL carries its own short-lived signature);
 * {@link #STREAM} — PUT them to the platform's artifact endpoint; {@link #PRESENT} — the store
 * already holds these bytes. Then confirm.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UploadTicket(String transfer, String url, Map<String, String> headers, Instant expiresAt) {

    public static final String PRESIGNED = "presigned";
    public static final String STREAM = "stream";
    public static final String PRESENT = "present";
}
