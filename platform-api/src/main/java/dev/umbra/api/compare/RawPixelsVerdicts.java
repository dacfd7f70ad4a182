package dev.umbra.api.compare;

import dev.umbra.client.dto.GroupDto;
import dev.umbra.client.dto.LeaderboardDto;
import dev.umbra.client.dto.MetricSummaryDto;
import java.util.List;

/**
 * Whether a configuration beats the raw-pixels baseline, metric by metric: beats when its 95 %
 * interval lies wholly above raw pixels', does not when wholly below, undecided (null) otherwise
 * ({@link Intervals}).
 */
final class RawPixelsVerdicts {

    private RawPixelsVerdicts() {
    }

    /** One verdict per (protocol, metric) both groups report, in {@code group}'s metric order. */
    static List<LeaderboardDto.Verdict> of(GroupDto group, GroupDto rawPixels) {
        return group.metrics().stream()
                .flatMap(m -> rawPixels.metric(m.protocol(), m.metric()).map(r -> verdict(group, m, rawPixels, r)).stream())
                .toList();
    }

    private static LeaderboardDto.Verdict verdict(GroupDto group, MetricSummaryDto m, GroupDto rawPixels, MetricSummaryDto raw) {
        Boolean beats = switch (Intervals.compare(m, group.method(), raw, rawPixels.method())) {
            case ABOVE -> true;
            case BELOW -> false;
            case OVERLAPPING, UNKNOWN -> null;
        };
        return new LeaderboardDto.Verdict(m.protocol(), m.metric(), m.mean() - raw.mean(), beats);
    }
}
