package dev.umbra.runner.loss;

import ai.djl.ndarray.NDArray;

/**
 * DINO (Caron et al. 2021, Alg. 1) for two global views: the student's distribution on one view
 * is trained towards the teacher's centred and sharpened distribution on the other view.
 *
 * <p>The teacher outputs and the centre are detached here; the teacher learns only through its
 * EMA update.
 */
public final class DinoLoss {

    private DinoLoss() {
    }

    /**
     * {@code (H(t1, s2) + H(t2, s1)) / 2} with {@code H(t, s) = -mean_i sum_k P_t log P_s},
     * {@code P_t = softmax((t - center) / teacherTemperature)},
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
        NDArray p1 = teacherDistribution(teacher1, center, teacherTemperature);
        NDArray p2 = teacherDistribution(teacher2, center, teacherTemperature);
        return crossEntropy(p1, student2, studentTemperature)
                .add(crossEntropy(p2, student1, studentTemperature)).div(2);
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

    private static NDArray crossEntropy(NDArray target, NDArray student, double temperature) {
        return target.mul(student.div(temperature).logSoftmax(1)).sum(new int[] {1}).mean().neg();
    }
}
