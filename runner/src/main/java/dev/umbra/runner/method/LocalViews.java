package dev.umbra.runner.method;

/**
 * The small crops a method asks for beside its global views (DINO's multi-crop): {@code count} views
 * per image, each a random resized crop of {@code [scaleMin, scaleMax]} of the image's area resized to
 * {@code size x size} pixels, then flipped and colour-augmented as view 2.
 */
public record LocalViews(int count, int size, double scaleMin, double scaleMax) {

    public static final LocalViews NONE = new LocalViews(0, 0, 1, 1);

    public LocalViews {
        if (count < 0 || (count > 0 && (size < 1 || !(scaleMin > 0) || scaleMin > scaleMax || scaleMax > 1))) {
            throw new IllegalArgumentException("bad local views: " + count + " x " + size + "px, scale ["
                    + scaleMin + ", " + scaleMax + "]");
        }
    }
}
