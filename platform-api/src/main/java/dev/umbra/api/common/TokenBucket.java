package dev.umbra.api.common;

/** Tokens refill continuously at {@code perSecond} up to {@code burst}; an allowed action takes one. */
public final class TokenBucket {

    private final double perSecond;
    private final int burst;
    private double tokens;
    private long updated;

    public TokenBucket(double perSecond, int burst, long nowNanos) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.updated = nowNanos;
    }

    /** Takes a token and returns 0, or returns the seconds until one is available (taking nothing). */
    public synchronized double take(long nowNanos) {
        double wait = waitSeconds(nowNanos);
        if (wait == 0) {
            tokens -= 1;
        }
        return wait;
    }

    /** 0 when a token is available now, else the seconds until one is. */
    public synchronized double waitSeconds(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - updated) / 1e9 * perSecond);
        updated = nowNanos;
        return tokens >= 1 ? 0 : (1 - tokens) / perSecond;
    }
}
