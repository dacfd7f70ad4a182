package dev.umbra.scheduler;

import java.util.List;

/** Runs whose lease expired: back in the queue, failed for good, or cancelled (cancel was requested). */
public record ReapResult(List<Long> requeued, List<Long> failed, List<Long> cancelled) {

    public int total() {
        return requeued.size() + failed.size() + cancelled.size();
    }
}
