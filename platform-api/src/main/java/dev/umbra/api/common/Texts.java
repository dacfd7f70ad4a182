package dev.umbra.api.common;

import dev.umbra.client.dto.FieldError;
import java.util.List;
import java.util.regex.Pattern;

/** Checks for free-text fields shared by every resource. */
public final class Texts {

    public static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n\\t\\r]]");

    private Texts() {
    }

    /** A one-line name: required, trimmed non-empty, bounded, no control characters. */
    public static void name(String field, String value, int maxLength, List<FieldError> errors) {
        String unstorable = value == null ? null : StorableText.defect(value);
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
        } else if (value.length() > maxLength) {
            errors.add(new FieldError(field, "must be at most " + maxLength + " characters"));
        } else if (value.contains("\n") || value.contains("\r") || CONTROL.matcher(value).find()) {
            errors.add(new FieldError(field, "must not contain control characters or line breaks"));
        } else if (unstorable != null) {
            errors.add(new FieldError(field, unstorable));
        }
    }

    /** The longest label (a run's or a configuration's name) and the longest notes; the schema's checks agree. */
    public static final int MAX_LABEL = 200;
    public static final int MAX_NOTES = 20_000;

    /**
     * What people write about a run or a configuration, each optional (null: unchanged): a label (one line,
     * may be empty: no label) and notes (free text).
     */
    public static void labelAndNotes(String label, String notes, List<FieldError> errors) {
        text("name", label, MAX_LABEL, errors);
        if (label != null && (label.contains("\n") || label.contains("\r"))) {
            errors.add(new FieldError("name", "must be one line"));
        }
        text("notes", notes, MAX_NOTES, errors);
    }

    /** Free text (descriptions): bounded, printable apart from line breaks and tabs. */
    public static void text(String field, String value, int maxLength, List<FieldError> errors) {
        if (value == null) {
            return;
        }
        String unstorable = StorableText.defect(value);
        if (value.length() > maxLength) {
            errors.add(new FieldError(field, "must be at most " + maxLength + " characters"));
        } else if (CONTROL.matcher(value).find()) {
            errors.add(new FieldError(field, "must not contain control characters"));
        } else if (unstorable != null) {
            errors.add(new FieldError(field, unstorable));
        }
    }

    public static void tags(String field, List<String> tags, List<FieldError> errors) {
        if (tags == null) {
            return;
        }
        if (tags.size() > 32) {
            errors.add(new FieldError(field, "at most 32 tags"));
            return;
        }
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            if (tag == null || !TAG.matcher(tag).matches()) {
                errors.add(new FieldError(field + "[" + i + "]", "must match " + TAG.pattern()));
            }
        }
    }
}
