package dev.umbra.client.dto;

/** One bad field of a request: its JSON path (e.g. {@code method.params.temperature}) and what is wrong. */
public record FieldError(String field, String message) {
}
