package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A runner token as created: {@code token} is the secret, shown only in this answer. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunnerTokenDto(long id, String name, String token) {
}
