package dev.umbra.runner.loss;

import static dev.umbra.runner.loss.Fixtures.TOLERANCE;
import static dev.umbra.runner.loss.Fixtures.array;
import static dev.umbra.runner.loss.Fixtures.dot;
import static dev.umbra.runner.loss.Fixtures.logSumExp;
import static dev.umbra.runner.loss.Fixtures.matrix;
import static dev.umbra.runner.loss.Fixtures.matrixOf;
import static dev.umbra.runner.loss.Fixtures.scalar;
import static dev.umbra.runner.loss.Fixtures.unit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InfoNceLossTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void byHandOneQueryOneNegative() {
        // logits (1, 0) at t = 1: -log(e / (e + 1)) = log(1 + 1/e)
        double loss = scalar(InfoNceLoss.loss(array(manager, new double[][] {{2, 0}}),
                array(manager, new double[][] {{5, 0}}), array(manager, new double[][] {{0, 1}}), 1.0));
        assertThat(loss).isCloseTo(Math.log(1 + Math.exp(-1)), within(TOLERANCE));
    }

    @Test
    void collapsedEmbeddingsGiveLogOfQueueSizePlusOne() {
        double[] v = unit(new double[] {0.3, -0.2, 0.9});
        double[][] same = {v, v, v, v};
        double[][] queue = {v, v, v, v, v, v, v};
        double loss = scalar(InfoNceLoss.loss(array(manager, same), array(manager, same), array(manager, queue), 0.2));
        assertThat(loss).isCloseTo(Math.log(queue.length + 1), within(TOLERANCE));
    }

    @Test
    void matchesTheFormulaOnRandomEmbeddings() {
        double[][] q = matrix(11, 4, 6);
        double[][] k = matrix(12, 4, 6);
        double[][] queue = matrix(13, 9, 6);
        for (int j = 0; j < queue.length; j++) {
            queue[j] = unit(queue[j]);
        }
        double t = 0.2;
        double expected = 0;
        for (int i = 0; i < q.length; i++) {
            double[] qi = unit(q[i]);
            double[] logits = new double[queue.length + 1];
            logits[0] = dot(qi, unit(k[i])) / t;
            for (int j = 0; j < queue.length; j++) {
                logits[j + 1] = dot(qi, queue[j]) / t;
            }
            expected += (logSumExp(logits) - logits[0]) / q.length;
        }
        double loss = scalar(InfoNceLoss.loss(array(manager, q), array(manager, k), array(manager, queue), t));
        assertThat(loss).isCloseTo(expected, within(TOLERANCE));
    }

    @Test
    void keysAndQueueReceiveNoGradient() {
        NDArray q = array(manager, matrix(21, 3, 4));
        NDArray k = array(manager, matrix(22, 3, 4));
        NDArray queue = array(manager, matrix(23, 5, 4)).normalize(2, 1);
        q.setRequiresGradient(true);
        k.setRequiresGradient(true);
        queue.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(InfoNceLoss.loss(q, k, queue, 0.2));
        }
        assertThat(sumOfAbs(q.getGradient())).isPositive();
        assertThat(sumOfAbs(k.getGradient())).isZero();
        assertThat(sumOfAbs(queue.getGradient())).isZero();
    }

    private static double sumOfAbs(NDArray a) {
        return Arrays.stream(matrixOf(a)).flatMapToDouble(Arrays::stream).map(Math::abs).sum();
    }
}
