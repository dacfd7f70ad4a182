package dev.umbra.runner.eval;

import dev.umbra.client.spec.RunSpec.CollapseSpec;

/**
 * Flags a run whose embeddings collapsed: the std of L2-normalised embeddings (healthy ~ 1/sqrt(d))
 * stayed under {@code std_fraction / sqrt(d)} for {@code patience_epochs} consecutive epochs.
 * Once flagged, a run stays flagged; it should stop when the spec says {@code stop}.
 */
public final class CollapseDetector {

    private final CollapseSpec spec;
    private final double threshold;
    private int epochsBelow;
    private Integer flaggedAtEpoch;

    public CollapseDetector(CollapseSpec spec, int embeddingDim) {
        if (embeddingDim < 1) {
            throw new IllegalArgumentException("embedding dimension must be positive");
        }
        this.spec = spec;
        this.threshold = spec.stdFraction() / Math.sqrt(embeddingDim);
    }

    /** Records one epoch's embedding std; returns whether the run is flagged (now or earlier). */
    public boolean observe(int epoch, double embeddingStd) {
        epochsBelow = embeddingStd < threshold ? epochsBelow + 1 : 0;
        if (flaggedAtEpoch == null && epochsBelow >= spec.patienceEpochs()) {
            flaggedAtEpoch = epoch;
        }
        return flagged();
    }

    /** Consecutive epochs, up to the last observed, under the threshold. */
    public int epochsBelow() {
        return epochsBelow;
    }

    /** Continues from a checkpoint's {@link #epochsBelow()} and {@link #flaggedAtEpoch()}. */
    public void restore(int epochsBelow, Integer flaggedAtEpoch) {
        this.epochsBelow = epochsBelow;
        this.flaggedAtEpoch = flaggedAtEpoch;
    }

    public boolean flagged() {
        return flaggedAtEpoch != null;
    }

    /** The epoch at which the run was flagged, or null. */
    public Integer flaggedAtEpoch() {
        return flaggedAtEpoch;
    }

    public boolean shouldStop() {
        return flagged() && spec.stop();
    }

    public double threshold() {
        return threshold;
    }
}
