package dev.umbra.api.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Refuses, while a request body is read, every value the database cannot hold: text with NUL or an
 * unpaired surrogate ({@link StorableText}) in any string, map key or JSON tree (trees end up in
 * jsonb columns), and instants outside {@link #EARLIEST}..{@link #LATEST}. One place for every
 * request type, so a new field is covered without a check of its own.
 */
public class StrictValuesModule extends SimpleModule {

    /** Metric times and the like are never older than the Unix epoch. */
    public static final Instant EARLIEST = Instant.EPOCH;
    /**
     * The last microsecond of year 9999: PostgreSQL's timestamptz holds far more, but a later year
     * needs ISO-8601's expanded form (+YYYYYY), which many clients cannot read back.
     */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    public StrictValuesModule() {
        super("umbra-strict-values");
        setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                          JsonDeserializer<?> deserializer) {
                Class<?> type = description.getBeanClass();
                if (type == String.class) {
                    return new Checked(deserializer, StrictValuesModule::checkText);
                }
                if (type == Instant.class) {
                    return new BoundedInstant(deserializer);
                }
                return deserializer;
            }

            @Override
            public KeyDeserializer modifyKeyDeserializer(DeserializationConfig config, JavaType type, KeyDeserializer keys) {
                return type.getRawClass() != String.class ? keys : new KeyDeserializer() {
                    @Override
                    public Object deserializeKey(String key, DeserializationContext context) throws IOException {
                        checkKey(key, context.getParser());
                        return keys.deserializeKey(key, context);
                    }
                };
            }
        });
        // Trees have no bean deserializer for the modifier to wrap: they are registered by type.
        for (Class<? extends JsonNode> tree : List.of(JsonNode.class, ObjectNode.class, ArrayNode.class)) {
            addTree(tree);
        }
    }

    @SuppressWarnings("unchecked")
    private <T extends JsonNode> void addTree(Class<T> type) {
        addDeserializer(type, (JsonDeserializer<T>) (JsonDeserializer<?>) new Checked(JsonNodeDeserializer.getDeserializer(type),
                StrictValuesModule::checkTree));
    }

    private interface Check {
        void check(Object value, JsonParser parser) throws JsonMappingException;
    }

    /** Reads with Jackson's own deserializer, then checks the value. */
    private static final class Checked extends DelegatingDeserializer {

        private final Check check;

        Checked(JsonDeserializer<?> delegate, Check check) {
            super(delegate);
            this.check = check;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new Checked(delegate, check);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            Object value = super.deserialize(parser, context);
            if (value != null) {
                check.check(value, parser);
            }
            return value;
        }
    }

    /**
     * An ISO-8601 text in range. Numbers are refused: Jackson would read them as seconds (or
     * milliseconds, by configuration) and wraps huge ones around silently instead of failing.
     */
    private static final class BoundedInstant extends DelegatingDeserializer {

        BoundedInstant(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new BoundedInstant(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String range = "must be an ISO-8601 time from " + EARLIEST + " to " + LATEST;
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                throw new RefusedValueException(parser, range);
            }
            Instant instant = (Instant) super.deserialize(parser, context);
            if (instant != null && (instant.isBefore(EARLIEST) || instant.isAfter(LATEST))) {
                throw new RefusedValueException(parser, range);
            }
            return instant;
        }
    }

    private static void checkText(Object value, JsonParser parser) throws JsonMappingException {
        String defect = StorableText.defect((String) value);
        if (defect != null) {
            throw new RefusedValueException(parser, defect);
        }
    }

    private static void checkKey(String key, JsonParser parser) throws JsonMappingException {
        String defect = StorableText.defect(key);
        if (defect != null) {
            throw new RefusedValueException(parser, "has a key that " + defect);
        }
    }


    /** Walks the tree; a bad text or key is reported at its own path inside the tree. */
    private static void checkTree(Object value, JsonParser parser) throws JsonMappingException {
        Deque<Object> path = new ArrayDeque<>();
        try {
            walk((JsonNode) value, path, parser);
        } catch (RefusedValueException e) {
            // Innermost first: prependPath builds the path from the leaf outwards.
            for (Iterator<Object> step = path.iterator(); step.hasNext(); ) {
                Object at = step.next();
                e.prependPath(at instanceof Integer index ? new JsonMappingException.Reference(null, index)
                        : new JsonMappingException.Reference(null, (String) at));
            }
            throw e;
        }
    }

    private static void walk(JsonNode node, Deque<Object> path, JsonParser parser) throws JsonMappingException {
        if (node.isTextual()) {
            checkText(node.textValue(), parser);
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                checkKey(field.getKey(), parser);
                path.push(field.getKey());
                walk(field.getValue(), path, parser);
                path.pop();
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                path.push(i);
                walk(node.get(i), path, parser);
                path.pop();
            }
        }
    }
}
