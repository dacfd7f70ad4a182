package dev.umbra.api.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * A well-formed JSON value the platform will not take (text PostgreSQL cannot store, a time out of
 * range). Jackson adds the path as the exception travels up through the enclosing objects, so
 * {@link ProblemMappers} names the field.
 */
public class RefusedValueException extends JsonMappingException {

    public RefusedValueException(JsonParser parser, String message) {
        super(parser, message);
    }
}
