package dev.umbra.api.overview;

import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.QueryParams;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The {@code ids} query parameter of the bulk reads: a comma-separated list of the current team's run ids. */
final class RunIds {

    private RunIds() {
    }

    /** Parses and checks the list; an id that is not a run of the current team is a 404 naming it. */
    static Set<Long> require(String ids, int max, RunOverviewService overviews) {
        Set<Long> parsed = new LinkedHashSet<>();
        for (String part : ids == null ? new String[0] : ids.split(",")) {
            if (!part.isBlank()) {
                parsed.add(QueryParams.optionalId("ids", part.strip()));
            }
        }
        if (parsed.isEmpty() || parsed.size() > max) {
            throw ApiException.invalid("ids", "must list 1 to " + max + " comma-separated run ids");
        }
        Set<Long> found = overviews.existing(parsed);
        List<Long> missing = parsed.stream().filter(id -> !found.contains(id)).toList();
        if (!missing.isEmpty()) {
            throw ApiException.notFound("run", missing.size() == 1 ? missing.get(0) : missing);
        }
        return parsed;
    }
}
