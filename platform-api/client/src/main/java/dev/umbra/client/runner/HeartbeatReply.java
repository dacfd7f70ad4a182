package dev.umbra.client.runner;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/** {@code action} is {@code continue} or {@code cancel} (stop, checkpoint, complete as CANCELLED). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record HeartbeatReply(String action, Instant leaseExpiresAt) {

    public static final String CONTINUE = "continue";
    public static final String CANCEL = "cancel";
}
