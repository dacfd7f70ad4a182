package dev.umbra.runner.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded index subsets of a labelled split. {@link java.util.Random} is used on purpose: its
 * sequence is fixed by the Java specification, so the same seed picks the same images on every
 * JVM, and a subset can be recreated from the parameters stored with a result.
 */
public final class LabelSubsets {

    /** A partition of a split's indices into the part a probe is fitted on and its validation part. */
    public record Split(int[] fit, int[] validation) {
    }

    private LabelSubsets() {
    }

    /**
     * A class-balanced subset holding {@code fraction} of the labels: the same number
     * {@code max(1, round(fraction * N / K))} of images from each of the K classes present
     * (fewer where a class has fewer), drawn by a seeded shuffle. A fraction of 1 keeps every
     * index. Indices are returned in ascending order.
     */
    public static int[] balanced(int[] labels, int numClasses, double fraction, long seed) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
        }
        if (fraction == 1) {
            int[] all = new int[labels.length];
            Arrays.setAll(all, i -> i);
            return all;
        }
        List<int[]> byClass = shuffledByClass(labels, numClasses, new Random(seed));
        long present = byClass.stream().filter(c -> c.length > 0).count();
        int perClass = (int) Math.max(1, Math.round(fraction * labels.length / present));
        int[] chosen = byClass.stream()
                .flatMapToInt(c -> Arrays.stream(c, 0, Math.min(perClass, c.length)))
                .toArray();
        Arrays.sort(chosen);
        return chosen;
    }

    /**
     * About {@code size} images of {@code split}, the same number from each class ({@link #balanced},
     * seed 0), in the split's order; the whole split when it holds no more. What a fixed sample of a
     * split must be: independent of the order of its files (an image folder lists its classes one after
     * another, so the first images of a split are often a single class).
     */
    public static ImageSplit balancedSample(ImageSplit split, int numClasses, int size) {
        if (split.size() <= size) {
            return split;
        }
        int[] indices = balanced(split.labels(), numClasses, (double) size / split.size(), 0);
        int bytes = split.imageBytes();
        byte[] pixels = new byte[indices.length * bytes];
        int[] labels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(split.pixels(), indices[i] * bytes, pixels, i * bytes, bytes);
            labels[i] = split.labels()[indices[i]];
        }
        return new ImageSplit(pixels, labels, split.channels(), split.height(), split.width());
    }

    /**
     * Carves {@code validationFraction} of each class ({@code max(1, round(f * n_c))}, and never a
     * class's last image) out of the indices {@code among} for validation.
     */
    public static Split stratified(int[] labels, int[] among, int numClasses, double validationFraction, long seed) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
        }
        int[] subsetLabels = Arrays.stream(among).map(i -> labels[i]).toArray();
        List<int[]> byClass = shuffledByClass(subsetLabels, numClasses, new Random(seed));
        List<Integer> fit = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        for (int[] members : byClass) {
            int take = members.length < 2 ? 0
                    : (int) Math.min(members.length - 1, Math.max(1, Math.round(validationFraction * members.length)));
            for (int i = 0; i < members.length; i++) {
                (i < take ? validation : fit).add(among[members[i]]);
            }
        }
        return new Split(sortedArray(fit), sortedArray(validation));
    }

    private static List<int[]> shuffledByClass(int[] labels, int numClasses, Random random) {
        List<List<Integer>> members = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " at " + i + " outside [0, " + numClasses + ")");
            }
            members.get(labels[i]).add(i);
        }
        List<int[]> shuffled = new ArrayList<>();
        for (List<Integer> m : members) {
            int[] a = m.stream().mapToInt(Integer::intValue).toArray();
            for (int i = a.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = a[i];
                a[i] = a[j];
                a[j] = t;
            }
            shuffled.add(a);
        }
        return shuffled;
    }

    private static int[] sortedArray(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
