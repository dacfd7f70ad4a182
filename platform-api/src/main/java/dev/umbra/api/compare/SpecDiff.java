package dev.umbra.api.compare;

import com.fasterxml.jackson.databind.JsonNode;
import dev.umbra.client.dto.SpecDifferenceDto;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * The paths where two canonical specs differ, in sorted order. Objects are compared key by key;
 * any other value (arrays included: a protocol list is one setting) is compared whole.
 */
public final class SpecDiff {

    private SpecDiff() {
    }

    public static List<SpecDifferenceDto> of(JsonNode a, JsonNode b) {
        List<SpecDifferenceDto> differences = new ArrayList<>();
        walk("", a, b, differences);
        return differences;
    }

    private static void walk(String path, JsonNode a, JsonNode b, List<SpecDifferenceDto> out) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            Iterator<String> bKeys = b.fieldNames();
            bKeys.forEachRemaining(keys::add);
            for (String key : keys) {
                walk(path.isEmpty() ? key : path + "." + key, a.get(key), b.get(key), out);
            }
        } else if (!same(a, b)) {
            out.add(new SpecDifferenceDto(path, a, b));
        }
    }

    /** Equal values; numbers by value, so 3 and 3.0 are the same setting. */
    private static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }
}
