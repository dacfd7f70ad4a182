package dev.umbra.client.spec;

import java.util.Collections;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * A resolved, immutable set of parameter values (every declared parameter present, defaults
 * filled in), sorted by name so that its JSON form is canonical.
 */
public final class Params {

    private final Map<String, Object> values;

    Params(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    public static Params defaults(Iterable<ParamDef> defs) {
        Map<String, Object> values = new TreeMap<>();
        for (ParamDef def : defs) {
            values.put(def.name(), def.defaultValue());
        }
        return new Params(values);
    }

    public double getDouble(String name) {
        return ((Number) require(name)).doubleValue();
    }

    public int getInt(String name) {
        return ((Number) require(name)).intValue();
    }

    public boolean getBool(String name) {
        return (Boolean) require(name);
    }

    public Map<String, Object> asMap() {
        return values;
    }

    private Object require(String name) {
        Object value = values.get(name);
        if (value == null) {
            throw new NoSuchElementException("no parameter '" + name + "'; known: " + values.keySet());
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Params other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
