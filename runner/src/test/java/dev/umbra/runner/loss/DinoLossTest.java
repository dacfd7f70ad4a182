package dev.umbra.runner.loss;

import static dev.umbra.runner.loss.Fixtures.TOLERANCE;
import static dev.umbra.runner.loss.Fixtures.array;
import static dev.umbra.runner.loss.Fixtures.logSumExp;
import static dev.umbra.runner.loss.Fixtures.matrix;
import static dev.umbra.runner.loss.Fixtures.matrixOf;
import static dev.umbra.runner.loss.Fixtures.scalar;
import static dev.umbra.runner.loss.Fixtures.softmax;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DinoLossTest {

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
    void byHandUniformStudentScoresLogK() {
        double[][] student = {{0.2, 0.2, 0.2, 0.2, 0.2}, {-1, -1, -1, -1, -1}};
        double[][] teacher = matrix(61, 2, 5);
        double[][] center = {{0, 0, 0, 0, 0}};
        double loss = scalar(DinoLoss.loss(array(manager, student), array(manager, student),
                array(manager, teacher), array(manager, teacher), array(manager, center), 0.1, 0.04));
        assertThat(loss).isCloseTo(Math.log(5), within(TOLERANCE));
    }

    @Test
    void matchesTheFormulaWithCentringAndSharpening() {
        double[][] s1 = matrix(62, 4, 6);
        double[][] s2 = matrix(63, 4, 6);
        double[][] t1 = matrix(64, 4, 6);
        double[][] t2 = matrix(65, 4, 6);
        double[][] center = Fixtures.scale(matrix(66, 1, 6), 0.3);
        double st = 0.1;
        double tt = 0.04;
        double expected = (crossEntropy(t1, s2, center[0], st, tt) + crossEntropy(t2, s1, center[0], st, tt)) / 2;
        double loss = scalar(DinoLoss.loss(array(manager, s1), array(manager, s2), array(manager, t1),
                array(manager, t2), array(manager, center), st, tt));
        assertThat(loss).isCloseTo(expected, within(TOLERANCE));
    }

    @Test
    void multiCropAveragesEveryTeacherGlobalAgainstEveryOtherStudentView() {
        // Two global views (teacher and student), two local ones (student only): 2 x 3 pairs.
        double[][][] s = {matrix(71, 3, 5), matrix(72, 3, 5), matrix(73, 3, 5), matrix(74, 3, 5)};
        double[][][] t = {matrix(75, 3, 5), matrix(76, 3, 5)};
        double[] center = Fixtures.scale(matrix(77, 1, 5), 0.3)[0];
        double st = 0.1;
        double tt = 0.07;
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < t.length; i++) {
            for (int j = 0; j < s.length; j++) {
                if (j != i) {
                    sum += crossEntropy(t[i], s[j], center, st, tt);
                    pairs++;
                }
            }
        }
        assertThat(pairs).isEqualTo(6);
        List<NDArray> students = Arrays.stream(s).map(m -> array(manager, m)).toList();
        List<NDArray> teachers = Arrays.stream(t).map(m -> array(manager, m)).toList();
        double loss = scalar(DinoLoss.loss(students, teachers, array(manager, new double[][] {center}), st, tt));
        assertThat(loss).isCloseTo(sum / pairs, within(TOLERANCE));
    }

    @Test
    void centreIsAnEmaOfTheTeacherBatchMean() {
        double[][] center = {{1, 0}};
        double[][] t1 = {{1, 2}, {3, 4}};
        double[][] t2 = {{5, 6}, {7, 8}};
        // batch mean (4, 5); 0.9 * (1, 0) + 0.1 * (4, 5) = (1.3, 0.5)
        double[][] updated = matrixOf(DinoLoss.updatedCenter(array(manager, center), array(manager, t1),
                array(manager, t2), 0.9));
        assertThat(updated[0][0]).isCloseTo(1.3, within(TOLERANCE));
        assertThat(updated[0][1]).isCloseTo(0.5, within(TOLERANCE));
    }

    @Test
    void teacherReceivesNoGradient() {
        NDArray s1 = array(manager, matrix(67, 3, 4));
        NDArray s2 = array(manager, matrix(68, 3, 4));
        NDArray t1 = array(manager, matrix(69, 3, 4));
        NDArray t2 = array(manager, matrix(70, 3, 4));
        for (NDArray a : new NDArray[] {s1, s2, t1, t2}) {
            a.setRequiresGradient(true);
        }
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(DinoLoss.loss(s1, s2, t1, t2, manager.zeros(new Shape(1, 4)),
                    0.1, 0.04));
        }
        assertThat(sumOfAbs(s1.getGradient()) + sumOfAbs(s2.getGradient())).isPositive();
        assertThat(sumOfAbs(t1.getGradient()) + sumOfAbs(t2.getGradient())).isZero();
    }

    private static double crossEntropy(double[][] teacher, double[][] student, double[] center, double st,
                                       double tt) {
        double s = 0;
        for (int i = 0; i < teacher.length; i++) {
            double[] t = new double[center.length];
            double[] z = new double[center.length];
            for (int k = 0; k < center.length; k++) {
                t[k] = (teacher[i][k] - center[k]) / tt;
                z[k] = student[i][k] / st;
            }
            double[] p = softmax(t);
            double lse = logSumExp(z);
            for (int k = 0; k < center.length; k++) {
                s -= p[k] * (z[k] - lse) / teacher.length;
            }
        }
        return s;
    }

    private static double sumOfAbs(NDArray a) {
        return Arrays.stream(matrixOf(a)).flatMapToDouble(Arrays::stream).map(Math::abs).sum();
    }
}
