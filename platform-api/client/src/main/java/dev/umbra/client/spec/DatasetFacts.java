package dev.umbra.client.spec;

/**
 * What a dataset declares about itself that a run's defaults depend on. The spec parser resolves
 * recipes against these facts, so the resolved spec (and both hashes) record their effect.
 *
 * @param hflipPreservesLabels whether a horizontally mirrored image keeps its label (photos, clothes:
 *                             yes; digits, text: no). When not, recipes leave flips out and a spec may
 *                             not ask for them.
 */
public record DatasetFacts(boolean hflipPreservesLabels) {

    /** What a dataset that declares nothing is taken to be: every dataset registered before the facts existed. */
    public static final DatasetFacts DEFAULT = new DatasetFacts(true);
}
