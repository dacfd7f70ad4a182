package dev.umbra.api.common;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Keyset paging: a cursor is the opaque form of the last id of a page. Lists are ordered by id
 * descending, so rows inserted while a client pages never shift the pages it has not read yet.
 */
public final class Cursor {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    private Cursor() {
    }

    public static String encode(long lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("id:" + lastId).getBytes(StandardCharsets.UTF_8));
    }

    /** The id to continue below, or {@link Long#MAX_VALUE} for the first page. */
    public static long decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return Long.MAX_VALUE;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith("id:")) {
                long id = Long.parseLong(text.substring(3));
                if (id > 0) {
                    return id;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw ApiException.invalid("cursor", "is malformed; pass back the next_cursor of a previous page");
    }

    public static int limit(String limit) {
        return QueryParams.intInRange("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
    }
}
