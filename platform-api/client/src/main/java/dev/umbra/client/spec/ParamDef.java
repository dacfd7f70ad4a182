package dev.umbra.client.spec;

import java.util.List;

/**
 * One tunable parameter of a method or an augmentation recipe: its type, default, bounds and
 * meaning. The spec parser checks submitted values against it and fills in the default.
 */
public record ParamDef(String name, Type type, Object defaultValue, double min, double max, String description) {

    public enum Type { DOUBLE, INT, BOOL }

    public static ParamDef real(String name, double defaultValue, double min, double max, String description) {
        return new ParamDef(name, Type.DOUBLE, defaultValue, min, max, description);
    }

    public static ParamDef integer(String name, int defaultValue, int min, int max, String description) {
        return new ParamDef(name, Type.INT, defaultValue, min, max, description);
    }

    public static ParamDef flag(String name, boolean defaultValue, String description) {
        return new ParamDef(name, Type.BOOL, defaultValue, 0, 1, description);
    }

    /** The names of a list of definitions, for "allowed values" messages. */
    static List<String> names(List<ParamDef> defs) {
        return defs.stream().map(ParamDef::name).toList();
    }
}
