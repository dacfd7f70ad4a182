package dev.umbra.runner.method;

/**
 * The cosine schedule of the EMA momentum of a target network (BYOL, Grill et al. 2020, sec. 3.2):
 * {@code tau(k) = final - (final - base) * (cos(pi k / K) + 1) / 2}, from {@code base} at the
 * first step to {@code final} at the last.
 */
public record MomentumSchedule(double base, double last) {

    public MomentumSchedule {
        if (base < 0 || base > 1 || last < 0 || last > 1) {
            throw new IllegalArgumentException("momentum must lie in [0, 1]: base " + base + ", final " + last);
        }
    }

    /**
     * @param step       optimizer steps taken so far, 0-based
     * @param totalSteps steps of the whole run
     */
    public double at(long step, long totalSteps) {
        if (totalSteps <= 0) {
            return last;
        }
        double progress = Math.min(1.0, (double) step / totalSteps);
        return last - (last - base) * (Math.cos(Math.PI * progress) + 1) / 2;
    }
}
