package dev.umbra.api.metric;

import java.util.ArrayList;
import java.util.List;

/**
 * Largest-Triangle-Three-Buckets (Steinarsson 2013): keeps the first and last points and, per
 * bucket, the point that spans the largest triangle with its neighbours, so spikes and the shape
 * of a loss curve survive where plain averaging would flatten them.
 */
final class Downsampler {

    private Downsampler() {
    }

    /** {@code points} are (x, y) pairs in x order; returns at most {@code maxPoints} (at least 3) of them. */
    static List<double[]> largestTriangleThreeBuckets(List<double[]> points, int maxPoints) {
        if (maxPoints < 3) {
            throw new IllegalArgumentException("keep at least 3 points (first, last and one between)");
        }
        int n = points.size();
        if (maxPoints >= n) {
            return points;
        }
        List<double[]> out = new ArrayList<>(maxPoints);
        double bucketSize = (double) (n - 2) / (maxPoints - 2);
        int previous = 0;
        out.add(points.get(0));
        for (int bucket = 0; bucket < maxPoints - 2; bucket++) {
            int start = (int) Math.floor(bucket * bucketSize) + 1;
            int end = Math.min((int) Math.floor((bucket + 1) * bucketSize) + 1, n - 1);
            int nextStart = end;
            int nextEnd = Math.min((int) Math.floor((bucket + 2) * bucketSize) + 1, n);
            double avgX = 0;
            double avgY = 0;
            for (int i = nextStart; i < nextEnd; i++) {
                avgX += points.get(i)[0];
                avgY += points.get(i)[1];
            }
            int count = Math.max(nextEnd - nextStart, 1);
            avgX /= count;
            avgY /= count;
            double[] a = points.get(previous);
            double bestArea = -1;
            int best = start;
            for (int i = start; i < end; i++) {
                double[] p = points.get(i);
                double area = Math.abs((a[0] - avgX) * (p[1] - a[1]) - (a[0] - p[0]) * (avgY - a[1]));
                if (area > bestArea) {
                    bestArea = area;
                    best = i;
                }
            }
            out.add(points.get(best));
            previous = best;
        }
        out.add(points.get(n - 1));
        return out;
    }
}
