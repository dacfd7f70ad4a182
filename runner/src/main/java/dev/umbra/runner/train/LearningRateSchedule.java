package dev.umbra.runner.train;

import dev.umbra.client.spec.RunSpec.LrSchedule;
import dev.umbra.client.spec.RunSpec.ScheduleSpec;

/**
 * Per-step learning rate: linear warmup from {@code peak/warmupSteps} to {@code peak} over the warmup
 * steps, then cosine annealing to {@code minLrRatio·peak} at the last step (or constant at the peak).
 */
public final class LearningRateSchedule {

    private final ScheduleSpec spec;
    private final double peak;
    private final long warmupSteps;
    private final long totalSteps;

    public LearningRateSchedule(ScheduleSpec spec, double peak, int stepsPerEpoch, int epochs) {
        this.spec = spec;
        this.peak = peak;
        this.totalSteps = (long) stepsPerEpoch * epochs;
        this.warmupSteps = Math.min(Math.round(spec.warmupEpochs() * stepsPerEpoch), totalSteps);
    }

    /** The learning rate of 0-based step {@code step}. */
    public double at(long step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        if (spec.kind() == LrSchedule.CONSTANT) {
            return peak;
        }
        long decaySteps = Math.max(totalSteps - warmupSteps - 1, 1);
        double progress = Math.min((double) (step - warmupSteps) / decaySteps, 1);
        double floor = spec.minLrRatio() * peak;
        return floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
