package dev.umbra.runner.method;

import dev.umbra.client.spec.Method;

/** Maps a spec's method name to its implementation; one class per method. */
public final class Methods {

    private Methods() {
    }

    /** A new, unbuilt instance; call {@link SslMethod#build} next. */
    public static SslMethod create(Method method) {
        return switch (method) {
            case SIMCLR -> new SimClr();
            case SUPERVISED -> new Supervised();
            case RANDOM_INIT -> new RandomInit();
            case RAW_PIXELS -> new RawPixels();
            case MOCO_V2 -> new MocoV2();
            case BYOL -> new Byol();
            case SIMSIAM -> new SimSiam();
            case BARLOW_TWINS -> new BarlowTwins();
            case VICREG -> new VicReg();
            case SWAV -> new Swav();
            case DINO -> new Dino();
            case DAE -> new Dae();
            case MAE -> new Mae();
        };
    }
}
