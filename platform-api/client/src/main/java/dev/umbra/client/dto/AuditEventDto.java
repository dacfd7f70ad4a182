package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/** One state-changing request: who (actor, token), what (method, path, status), when. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AuditEventDto(long id, String actor, Long tokenId, String method, String path, int status, Instant at) {
}
