package dev.umbra.runner.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.ArrayList;
import java.util.List;

/**
 * DINO (Caron et al. 2021, Alg. 1 and the reference's {@code DINOLoss}) with multi-crop: the
 * student's distribution on every view is trained towards the teacher's centred and sharpened
 * distribution on every global view other than itself.
 *
 * <p>The teacher outputs and the centre are detached here; the teacher learns only through its
 * EMA update.
 */
public final class DinoLoss {

    private DinoLoss() {
    }

    /**
     * The two-global-view case: {@code (H(t1, s2) + H(t2, s1)) / 2} with
     * {@code H(t, s) = -mean_i sum_k P_t log P_s}, {@code P_t = softmax((t - center) / teacherTemperature)},
     * {@code P_s = softmax(s / studentTemperature)}.
     *
     * @param student1 student logits on view 1, shape (N, K)
     * @param student2 student logits on view 2, shape (N, K)
     * @param teacher1 teacher logits on view 1, shape (N, K)
     * @param teacher2 teacher logits on view 2, shape (N, K)
     * @param center   running mean of the teacher logits, shape (1, K)
     */
    public static NDArray loss(NDArray student1, NDArray student2, NDArray teacher1, NDArray teacher2,
                               NDArray center, double studentTemperature, double teacherTemperature) {
        return loss(List.of(student1, student2), List.of(teacher1, teacher2), center, studentTemperature,
                teacherTemperature);
    }

    /**
     * The mean of {@code H(t_i, s_j)} over every pair of a teacher view {@code i} and a student view
     * {@code j != i}, as the reference's {@code DINOLoss.forward}.
     *
     * @param students student logits, the global views first in the teacher's order, then the local
     *                 ones, each (N, K)
     * @param teachers teacher logits on the global views, each (N, K)
     * @param center   running mean of the teacher logits, shape (1, K)
     */
    public static NDArray loss(List<NDArray> students, List<NDArray> teachers, NDArray center,
                               double studentTemperature, double teacherTemperature) {
        if (teachers.isEmpty() || students.size() < teachers.size()) {
            throw new IllegalArgumentException("need the teacher's global views first among the student's views");
        }
        List<NDArray> logProbs = new ArrayList<>(students.size());
        for (NDArray s : students) {
            logProbs.add(s.div(studentTemperature).logSoftmax(1));
        }
        List<NDArray> terms = new ArrayList<>();
        for (int i = 0; i < teachers.size(); i++) {
            NDArray target = teacherDistribution(teachers.get(i), center, teacherTemperature);
            for (int j = 0; j < logProbs.size(); j++) {
                if (j != i) {
                    terms.add(target.mul(logProbs.get(j)).sum(new int[] {1}).mean().neg());
                }
            }
        }
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("one global view and no local view leave no pair");
        }
        return NDArrays.stack(new NDList(terms)).mean();
    }

    /**
     * The centre after one step: {@code m * center + (1 - m) * mean over both views of the teacher
     * logits} (DINO's {@code update_center}). Detached.
     *
     * @return the new centre, shape (1, K)
     */
    public static NDArray updatedCenter(NDArray center, NDArray teacher1, NDArray teacher2, double momentum) {
        NDArray batchMean = teacher1.concat(teacher2, 0).stopGradient().mean(new int[] {0}, true);
        return center.stopGradient().mul(momentum).add(batchMean.mul(1 - momentum));
    }

    private static NDArray teacherDistribution(NDArray teacher, NDArray center, double temperature) {
        return teacher.stopGradient().sub(center.stopGradient()).div(temperature).softmax(1);
    }
}
