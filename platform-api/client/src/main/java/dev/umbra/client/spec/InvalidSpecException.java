package dev.umbra.client.spec;

import dev.umbra.client.dto.FieldError;
import java.util.List;
import java.util.stream.Collectors;

/** A run spec failed validation; {@link #errors()} lists every bad field. */
public class InvalidSpecException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidSpecException(List<FieldError> errors) {
        super("invalid run spec: " + errors.stream().map(e -> e.field() + ": " + e.message())
                .collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
