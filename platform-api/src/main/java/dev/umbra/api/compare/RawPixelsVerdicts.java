package dev.umbra.api.compare;

import dev.umbra.client.dto.GroupDto;
import dev.umbra.client.dto.LeaderboardDto;
import dev.umbra.client.dto.MetricSummaryDto;
import java.util.List;
import java.util.Optional;

/**
 * Whether a configuration beats the raw-pixels baseline, metric by metric. The rule compares 95 %
 * intervals of the mean over seeds: beats when its interval lies wholly above raw pixels', does not
 * when wholly below, undecided (null) otherwise. Disjoint intervals are a stricter test than a t-test
 * at 5 %, so a "beats" is a safe claim; a configuration with a single seed has no interval and decides
 * nothing, while raw pixels, which are deterministic, count as their value when they ran once.
 */
final class RawPixelsVerdicts {

    private RawPixelsVerdicts() {
    }

    /** One verdict per (protocol, metric) both groups report, in {@code group}'s metric order. */
    static List<LeaderboardDto.Verdict> of(GroupDto group, GroupDto rawPixels) {
        return group.metrics().stream()
                .flatMap(m -> find(rawPixels, m).map(r -> verdict(m, r)).stream())
                .toList();
    }

    private static Optional<MetricSummaryDto> find(GroupDto group, MetricSummaryDto like) {
        return group.metrics().stream()
                .filter(m -> m.protocol().equals(like.protocol()) && m.metric().equals(like.metric())).findFirst();
    }

    private static LeaderboardDto.Verdict verdict(MetricSummaryDto m, MetricSummaryDto raw) {
        Boolean beats = null;
        // Raw pixels do not train: a run's numbers do not depend on its seed (every protocol seeds its own
        // subsets and splits), so a single run is the exact value, an interval of width 0.
        double rawLow = raw.ci95Low() != null ? raw.ci95Low() : raw.mean();
        double rawHigh = raw.ci95High() != null ? raw.ci95High() : raw.mean();
        if (m.ci95Low() != null) {
            if (m.ci95Low() > rawHigh) {
                beats = true;
            } else if (m.ci95High() < rawLow) {
                beats = false;
            }
        }
        return new LeaderboardDto.Verdict(m.protocol(), m.metric(), m.mean() - raw.mean(), beats);
    }
}
