package dev.umbra.runner.method;

import dev.umbra.client.spec.Params;

/**
 * The cosine schedule of the EMA momentum of a target network (BYOL, Grill et al. 2020, sec. 3.2;
 * also MoCo v2 and DINO in solo-learn): {@code tau(k) = end - (end - base) * (cos(pi k / K) + 1) / 2},
 * from {@code base} at the first step to {@code end} at the last.
 */
public record MomentumSchedule(double base, double end) {

    public MomentumSchedule {
        if (base < 0 || base > 1 || end < 0 || end > 1) {
            throw new IllegalArgumentException("momentum must lie in [0, 1]: base " + base + ", final " + end);
        }
    }

    /** From a method's {@code momentum_base} and {@code momentum_final} parameters. */
    public static MomentumSchedule of(Params params) {
        return new MomentumSchedule(params.getDouble("momentum_base"), params.getDouble("momentum_final"));
    }

    /**
     * @param step       optimizer steps taken before this one, 0-based
     * @param totalSteps steps of the whole run
     */
    public double at(long step, long totalSteps) {
        if (totalSteps <= 0) {
            return end;
        }
        double progress = Math.min(1.0, (double) step / totalSteps);
        return end - (end - base) * (Math.cos(Math.PI * progress) + 1) / 2;
    }

    /** The momentum for the EMA update that follows {@code step}'s optimizer update. */
    public double at(TrainingStep step) {
        return at(step.globalStep(), step.totalSteps());
    }
}
