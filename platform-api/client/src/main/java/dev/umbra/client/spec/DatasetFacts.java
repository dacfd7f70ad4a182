package dev.umbra.client.spec;

/**
 * What a dataset declares about itself that a run's defaults and limits depend on. The spec parser
 * resolves recipes against these facts, so the resolved spec (and both hashes) record their effect.
 *
 * @param hflipPreservesLabels whether a horizontally mirrored image keeps its label (photos, clothes:
 *                             yes; digits, text: no). When not, recipes leave flips out and a spec may
 *                             not ask for them.
 * @param trainCount           its training images, when known: a run that trains needs at least one
 *                             whole batch of them (null: not checked here; the runner checks)
 */
public record DatasetFacts(boolean hflipPreservesLabels, Integer trainCount) {

    /** What a dataset that declares nothing is taken to be: every dataset registered before the facts existed. */
    public static final DatasetFacts DEFAULT = new DatasetFacts(true, null);

    /** The facts of a dataset whose size is not known here (an offline run reads it). */
    public DatasetFacts(boolean hflipPreservesLabels) {
        this(hflipPreservesLabels, null);
    }
}
