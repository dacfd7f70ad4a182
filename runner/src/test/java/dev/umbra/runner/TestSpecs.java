package dev.umbra.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.umbra.client.spec.DatasetFacts;
import dev.umbra.client.spec.RunSpec;
import dev.umbra.client.spec.SpecParser;
import dev.umbra.runner.data.Dataset;
import dev.umbra.runner.data.DatasetFormat;
import dev.umbra.runner.data.ImageSplit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** Specs and datasets small enough for unit tests. */
public final class TestSpecs {

    private TestSpecs() {
    }

    /** Parses a spec written with single quotes for readability. */
    public static RunSpec parse(String json) {
        return parse(json, DatasetFacts.DEFAULT);
    }

    /** Parses a spec written with single quotes, for a dataset with these facts. */
    public static RunSpec parse(String json, DatasetFacts facts) {
        try {
            return SpecParser.parse(new ObjectMapper().readTree(json.replace('\'', '"')), facts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A learnable synthetic dataset: each class is a fixed random template plus noise, so a few steps
     * move the loss. Deterministic in {@code seed}.
     */
    public static Dataset syntheticDataset(int trainCount, int testCount, int channels, int side, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int bytes = channels * side * side;
        byte[][] templates = new byte[classes][bytes];
        for (byte[] t : templates) {
            for (int i = 0; i < bytes; i++) {
                t[i] = (byte) random.nextInt(256);
            }
        }
        return new Dataset("synthetic", DatasetFormat.IDX, "synthetic-" + seed,
                IntStream.range(0, classes).mapToObj(Integer::toString).toList(),
                split(trainCount, templates, random, channels, side), split(testCount, templates, random, channels, side));
    }

    private static ImageSplit split(int count, byte[][] templates, SplittableRandom random, int channels, int side) {
        int bytes = templates[0].length;
        byte[] pixels = new byte[count * bytes];
        int[] labels = new int[count];
        for (int n = 0; n < count; n++) {
            labels[n] = n % templates.length;
            for (int i = 0; i < bytes; i++) {
                int v = (templates[labels[n]][i] & 0xFF) + random.nextInt(61) - 30;
                pixels[n * bytes + i] = (byte) Math.max(0, Math.min(255, v));
            }
        }
        return new ImageSplit(pixels, labels, channels, side, side);
    }
}
