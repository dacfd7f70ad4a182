package dev.umbra.runner.engine;

import java.util.SplittableRandom;

/**
 * Every random draw of a run derives from {@code (run seed, epoch, step, stream)}: data order,
 * augmentation, masks, noise. A resumed run therefore continues exactly from (epoch, step) with no
 * generator state to save, and a change in one consumer (say, one more augmentation draw) leaves the
 * others' streams unchanged.
 */
public final class Seeds {

    /** Named streams, so that consumers never share draws. */
    public enum Stream { DATA_ORDER, VIEW_1, VIEW_2, METHOD, ENGINE, INIT, HELD_OUT, LOCAL_VIEWS }

    private Seeds() {
    }

    /** A 64-bit seed for one (run seed, epoch, step, stream); {@code step} -1 stands for "the whole epoch". */
    public static long derive(long seed, int epoch, long step, Stream stream) {
        long h = mix(seed ^ 0x5EED_0F_0B5C_0DEL);
        h = mix(h + epoch);
        h = mix(h + step);
        return mix(h + stream.ordinal() + 1);
    }

    public static SplittableRandom random(long seed, int epoch, long step, Stream stream) {
        return new SplittableRandom(derive(seed, epoch, step, stream));
    }

    /** SplitMix64's finaliser: a bijection that spreads every input bit over the output. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
