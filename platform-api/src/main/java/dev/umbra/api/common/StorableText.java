package dev.umbra.api.common;

/**
 * Text PostgreSQL cannot store as given: it refuses NUL in {@code text} and in {@code jsonb}
 * strings (the statement fails, and the request with it), and an unpaired UTF-16 surrogate has no
 * UTF-8 form, so the driver would silently store a replacement character instead.
 */
public final class StorableText {

    private StorableText() {
    }

    /** Why the value cannot be stored, or {@code null} when it can. */
    public static String defect(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                return "must not contain the NUL character (\\u0000)";
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must be valid Unicode (it has an unpaired surrogate)";
            }
        }
        return null;
    }
}
