package dev.umbra.scheduler.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * One dimension of a sweep: a run spec path (e.g. {@code method.params.temperature}) and where its
 * values come from. A grid axis lists its values; a random axis draws one value per sample from a
 * range (uniform or log-uniform, optionally integral) or from a list of choices.
 */
public sealed interface Axis {

    /** The spec path the values are written to, dot-separated. */
    String path();

    /** The path split into object keys. */
    default List<String> segments() {
        return List.of(path().split("\\."));
    }

    /** Every value of a grid axis, crossed with every other grid axis. */
    record Grid(String path, List<JsonNode> values) implements Axis {
    }

    /** A random axis: each of the sweep's samples draws one value. */
    sealed interface Sampled extends Axis {

        /** Draws this axis's value from {@code random}; the same generator state always gives the same value. */
        JsonNode draw(java.util.Random random);
    }

    /**
     * Uniform on {@code [min, max]}, or log-uniform when {@code log}; integral draws are uniform
     * over the integers of the range. Real draws keep six significant digits, so that values read
     * well in tables and print the same everywhere.
     */
    record Range(String path, double min, double max, boolean log, boolean integer) implements Sampled {

        private static final MathContext SIGNIFICANT = new MathContext(6);

        @Override
        public JsonNode draw(java.util.Random random) {
            if (integer) {
                long lo = (long) min;
                long hi = (long) max;
                if (log) {
                    double u = random.nextDouble();
                    long v = Math.round(Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo))));
                    return LongNode.valueOf(Math.max(lo, Math.min(hi, v)));
                }
                return LongNode.valueOf(lo + (long) Math.floor(random.nextDouble() * (hi - lo + 1)));
            }
            double u = random.nextDouble();
            double v = log ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))) : min + u * (max - min);
            double rounded = new BigDecimal(v).round(SIGNIFICANT).doubleValue();
            return DoubleNode.valueOf(Math.max(min, Math.min(max, rounded)));
        }
    }

    /** One of a list of values, each equally likely. */
    record Choices(String path, List<JsonNode> choices) implements Sampled {

        @Override
        public JsonNode draw(java.util.Random random) {
            return choices.get(random.nextInt(choices.size()));
        }
    }

    /** A generator for one (sample, axis) cell, independent of every other cell and of the JDK's version. */
    static java.util.Random generator(long randomSeed, int sample, int axis) {
        // java.util.Random's algorithm is fixed by its specification, so a sweep draws the same values
        // on every JVM; the mix keeps neighbouring cells' seeds far apart.
        long seed = randomSeed * 0x9E3779B97F4A7C15L + (sample + 1L) * 0xBF58476D1CE4E5B9L + (axis + 1L) * 0x94D049BB133111EBL;
        return new java.util.Random(seed);
    }
}
