package dev.umbra.runner.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.umbra.runner.eval.KnnClassifier.Setting;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnnClassifierTest {

    @Test
    void votesOnATinyBankEqualTheHandComputedSums() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Unit vectors at angles 0, 30, 60 and 90 degrees; classes 0, 1, 1, 2.
            double c30 = Math.cos(Math.toRadians(30));
            double s30 = Math.sin(Math.toRadians(30));
            float[] bank = {1, 0, (float) c30, (float) s30, (float) s30, (float) c30, 0, 1};
            FeatureSet bankSet = new FeatureSet(manager.create(bank, new Shape(4, 2)),
                    manager.create(new long[] {0, 1, 1, 2}), 3);
            // A query at 20 degrees, scaled: cosine ignores the length.
            double q = Math.toRadians(20);
            NDArray query = manager.create(new float[] {(float) (5 * Math.cos(q)), (float) (5 * Math.sin(q))},
                    new Shape(1, 2));
            try (KnnClassifier knn = new KnnClassifier(bankSet, 1 << 20)) {
                double t = 0.1;
                // Neighbours by similarity: 30 deg (cos 10), 0 deg (cos 20), 60 deg (cos 40).
                double w30 = Math.exp(Math.cos(Math.toRadians(10)) / t);
                double w0 = Math.exp(Math.cos(Math.toRadians(20)) / t);
                double w60 = Math.exp(Math.cos(Math.toRadians(40)) / t);
                float[] votes = knn.votes(query, 3, t).toFloatArray();
                assertThat(votes[0]).isCloseTo((float) w0, within((float) (w0 * 1e-5)));
                assertThat(votes[1]).isCloseTo((float) (w30 + w60), within((float) ((w30 + w60) * 1e-5)));
                assertThat(votes[2]).isEqualTo(0f);

                // With k = 2 only the two nearest vote: class 1 still wins, class 1 = w30 alone.
                float[] votes2 = knn.votes(query, 2, t).toFloatArray();
                assertThat(votes2[1]).isCloseTo((float) w30, within((float) (w30 * 1e-5)));
                assertThat(votes2[0]).isCloseTo((float) w0, within((float) (w0 * 1e-5)));

                // k larger than the bank is clamped: all four vote.
                double w90 = Math.exp(Math.cos(Math.toRadians(70)) / t);
                float[] all = knn.votes(query, 200, t).toFloatArray();
                assertThat(all[2]).isCloseTo((float) w90, within((float) (w90 * 1e-5)));
            }
        }
    }

    @Test
    void separableClustersAreClassifiedPerfectlyWhateverTheChunking() {
        try (NDManager manager = NDManager.newBaseManager()) {
            FeatureSet train = Synthetic.clusters(manager, 5, 200, 16, 0.05f, 1);
            FeatureSet test = Synthetic.clusters(manager, 5, 60, 16, 0.05f, 2);
            List<Setting> settings = List.of(new Setting(20, 0.07), new Setting(200, 0.1));
            // A 1 KiB budget forces one query per chunk; 1 MiB takes them all at once.
            try (KnnClassifier tiny = new KnnClassifier(train, 1 << 10);
                 KnnClassifier big = new KnnClassifier(train, 1 << 20)) {
                assertThat(tiny.accuracy(test, settings)).containsExactly(1.0, 1.0);
                assertThat(big.accuracy(test, settings)).containsExactly(1.0, 1.0);
            }
        }
    }
}
