package dev.umbra.runner.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LabelSubsetsTest {

    private static int[] labels(int n, int classes, long seed) {
        Random random = new Random(seed);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(classes);
        }
        return y;
    }

    private static int[] countPerClass(int[] labels, int[] indices, int classes) {
        int[] count = new int[classes];
        for (int i : indices) {
            count[labels[i]]++;
        }
        return count;
    }

    @Test
    void aSampleOfASplitWhoseFilesComeClassByClassHoldsEveryClass() {
        // As an image folder reads them: 1,000 images of class 0, then 1,000 of class 1, ...
        int[] y = new int[10_000];
        Arrays.setAll(y, i -> i / 1000);
        byte[] pixels = new byte[y.length * 2];
        for (int i = 0; i < y.length; i++) {
            pixels[2 * i] = (byte) y[i];
            pixels[2 * i + 1] = (byte) (i % 251);
        }
        ImageSplit split = new ImageSplit(pixels, y, 1, 1, 2);

        ImageSplit sample = LabelSubsets.balancedSample(split, 10, 512);
        assertThat(countPerClass(sample.labels(), IntStream.range(0, sample.size()).toArray(), 10))
                .containsOnly(51);
        for (int i = 0; i < sample.size(); i++) {
            assertThat(sample.pixels()[2 * i]).as("image %d keeps its own pixels", i).isEqualTo((byte) sample.labels()[i]);
        }
        assertThat(LabelSubsets.balancedSample(split, 10, 512).pixels()).isEqualTo(sample.pixels());
        assertThat(LabelSubsets.balancedSample(split, 10, 10_000)).isSameAs(split);
    }

    @Test
    void subsetsAreClassBalancedAndReproducible() {
        int[] y = labels(6000, 10, 1);
        int[] onePercent = LabelSubsets.balanced(y, 10, 0.01, 0);
        int[] tenPercent = LabelSubsets.balanced(y, 10, 0.1, 0);

        assertThat(countPerClass(y, onePercent, 10)).containsOnly(6);
        assertThat(countPerClass(y, tenPercent, 10)).containsOnly(60);
        assertThat(onePercent).isSorted().doesNotHaveDuplicates();
        assertThat(LabelSubsets.balanced(y, 10, 0.01, 0)).isEqualTo(onePercent);
        assertThat(LabelSubsets.balanced(y, 10, 0.01, 1)).isNotEqualTo(onePercent);
        assertThat(LabelSubsets.balanced(y, 10, 1.0, 0)).hasSize(6000);
    }

    @Test
    void aSmallClassGivesAllItHas() {
        int[] y = new int[100];
        Arrays.fill(y, 0, 97, 0);
        Arrays.fill(y, 97, 100, 1);
        int[] subset = LabelSubsets.balanced(y, 2, 0.1, 3);
        assertThat(countPerClass(y, subset, 2)).containsExactly(5, 3);
    }

    @Test
    void validationIsStratifiedDisjointAndKeepsEveryClassInTheFitPart() {
        int[] y = labels(1000, 4, 2);
        int[] among = LabelSubsets.balanced(y, 4, 0.1, 0);
        LabelSubsets.Split split = LabelSubsets.stratified(y, among, 4, 0.1, 0);

        assertThat(countPerClass(y, split.validation(), 4)).containsOnly(3);
        assertThat(countPerClass(y, split.fit(), 4)).containsOnly(22);
        int[] union = concat(split.fit(), split.validation());
        Arrays.sort(union);
        assertThat(union).isEqualTo(among);
        assertThat(LabelSubsets.stratified(y, among, 4, 0.1, 0).validation()).isEqualTo(split.validation());

        // One image per class: all of it stays in the fit part.
        int[] single = {0, 1};
        assertThat(LabelSubsets.stratified(new int[] {0, 1}, single, 2, 0.5, 0).validation()).isEmpty();
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
