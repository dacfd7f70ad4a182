package dev.umbra.runner.loss;

import static dev.umbra.runner.loss.Fixtures.TOLERANCE;
import static dev.umbra.runner.loss.Fixtures.array;
import static dev.umbra.runner.loss.Fixtures.cosine;
import static dev.umbra.runner.loss.Fixtures.matrix;
import static dev.umbra.runner.loss.Fixtures.matrixOf;
import static dev.umbra.runner.loss.Fixtures.negate;
import static dev.umbra.runner.loss.Fixtures.scalar;
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

class NegativeCosineLossTest {

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
    void identicalViewsGiveMinusOneAndZero() {
        double[][] p = matrix(1, 5, 7);
        assertThat(scalar(NegativeCosineLoss.negativeCosine(array(manager, p), array(manager, p))))
                .isCloseTo(-1, within(TOLERANCE));
        assertThat(scalar(NegativeCosineLoss.normalizedSquaredError(array(manager, p), array(manager, p))))
                .isCloseTo(0, within(TOLERANCE));
    }

    @Test
    void oppositeViewsGivePlusOneAndFour() {
        double[][] p = matrix(2, 5, 7);
        assertThat(scalar(NegativeCosineLoss.negativeCosine(array(manager, p), array(manager, negate(p)))))
                .isCloseTo(1, within(TOLERANCE));
        assertThat(scalar(NegativeCosineLoss.normalizedSquaredError(array(manager, p), array(manager, negate(p)))))
                .isCloseTo(4, within(TOLERANCE));
    }

    @Test
    void byHandOrthogonalAndParallelRows() {
        // cos = 0 for the first row, 1 for the second (length does not matter): mean 0.5.
        double[][] p = {{1, 0}, {1, 1}};
        double[][] z = {{0, 3}, {2, 2}};
        assertThat(scalar(NegativeCosineLoss.negativeCosine(array(manager, p), array(manager, z))))
                .isCloseTo(-0.5, within(TOLERANCE));
        assertThat(scalar(NegativeCosineLoss.normalizedSquaredError(array(manager, p), array(manager, z))))
                .isCloseTo(1.0, within(TOLERANCE));
    }

    @Test
    void matchesTheFormulaOnRandomRows() {
        double[][] p = matrix(3, 6, 5);
        double[][] z = matrix(4, 6, 5);
        double meanCos = 0;
        for (int i = 0; i < p.length; i++) {
            meanCos += cosine(p[i], z[i]) / p.length;
        }
        assertThat(scalar(NegativeCosineLoss.negativeCosine(array(manager, p), array(manager, z))))
                .isCloseTo(-meanCos, within(TOLERANCE));
        assertThat(scalar(NegativeCosineLoss.normalizedSquaredError(array(manager, p), array(manager, z))))
                .isCloseTo(2 - 2 * meanCos, within(TOLERANCE));
    }

    @Test
    void gradientReachesThePredictionOnlyAndMatchesTheDerivative() {
        double[][] pValues = matrix(5, 3, 4);
        double[][] zValues = matrix(6, 3, 4);
        NDArray p = array(manager, pValues);
        NDArray z = array(manager, zValues);
        p.setRequiresGradient(true);
        z.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(NegativeCosineLoss.negativeCosine(p, z));
        }
        // d/dp of -cos(p, z)/N = -(z/|z| - cos * p/|p|) / (|p| N)
        double[][] grad = matrixOf(p.getGradient());
        for (int i = 0; i < pValues.length; i++) {
            double[] pu = Fixtures.unit(pValues[i]);
            double[] zu = Fixtures.unit(zValues[i]);
            double normP = Math.sqrt(Fixtures.dot(pValues[i], pValues[i]));
            double cos = Fixtures.dot(pu, zu);
            for (int j = 0; j < pu.length; j++) {
                double expected = -(zu[j] - cos * pu[j]) / (normP * pValues.length);
                assertThat(grad[i][j]).isCloseTo(expected, within(TOLERANCE));
            }
        }
        assertThat(Arrays.stream(matrixOf(z.getGradient())).flatMapToDouble(Arrays::stream).allMatch(g -> g == 0))
                .as("stop-gradient on the target").isTrue();
    }
}
