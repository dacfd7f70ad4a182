package dev.umbra.scheduler;

import java.util.List;

/** What a runner offers; a run is eligible when its request fits inside (labels: a subset). */
public record RunnerCapabilities(int gpus, int gpuMemoryGb, List<String> labels) {

    public RunnerCapabilities {
        labels = List.copyOf(labels);
    }
}
