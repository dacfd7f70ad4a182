package dev.umbra.runner.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.umbra.client.spec.OptimizerName;
import dev.umbra.client.spec.RunSpec.OptimizerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A step's pass on one weight vector. {@code sqrt(w - w)} stands for libtorch's fault: a finite loss (0)
 * whose gradient is {@code inf - inf = NaN}.
 */
class GradientPassTest {

    private static final float[] W0 = {1.0f, -2.0f, 0.5f};
    private static final float[] G = {0.3f, 0.1f, -0.4f};

    private NDManager manager;
    private NDArray w;
    private Optimizer optimizer;

    @BeforeEach
    void weights() {
        manager = NDManager.newBaseManager();
        Parameter parameter = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
        w = manager.create(W0);
        w.setRequiresGradient(true);
        parameter.setArray(w);
        optimizer = Optimizers.create(new OptimizerSpec(OptimizerName.SGD, 0.1, 0.9, 0, 0.9, 0.999, 0.02, true),
                List.of(new TrainableParameter("w", parameter, true)));
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void aPassWithFiniteGradientsRunsOnce() {
        AtomicInteger passes = new AtomicInteger();
        GradientPass.Outcome outcome = GradientPass.run(Engine.getInstance(), 7, () -> {
            passes.incrementAndGet();
            return w.mul(manager.create(G)).sum();
        }, optimizer, List.of());

        assertThat(passes).hasValue(1);
        assertThat(outcome.recomputations()).isZero();
        assertThat(outcome.loss()).isEqualTo(w.mul(manager.create(G)).sum().getFloat());
        assertThat(w.getGradient().toFloatArray()).containsExactly(G);
    }

    /**
     * The fault on the first pass only: the pass that counts is the second, computed from the same seed and
     * the running statistics as they were before the step, and no NaN of the first stays in the gradient.
     */
    @Test
    void nonFiniteGradientsFromAFiniteLossAreComputedAgainFromTheSameStateAndSeed() {
        NDArray runningMean = manager.zeros(new Shape(3));
        List<float[]> draws = new ArrayList<>();
        AtomicInteger passes = new AtomicInteger();
        GradientPass.Outcome outcome = GradientPass.run(Engine.getInstance(), 7, () -> {
            NDArray draw = manager.randomNormal(new Shape(3));
            draws.add(draw.toFloatArray());
            runningMean.muli(0.9f).addi(draw.mul(0.1f)); // as a batch norm's forward pass does
            return passes.incrementAndGet() == 1 ? w.sub(w).sqrt().sum() : w.mul(manager.create(G)).sum();
        }, optimizer, List.of(runningMean));

        assertThat(outcome.recomputations()).isEqualTo(1);
        assertThat(draws.get(1)).containsExactly(draws.get(0));
        float[] once = new float[3];
        for (int i = 0; i < 3; i++) {
            once[i] = 0.1f * draws.get(0)[i];
        }
        assertThat(runningMean.toFloatArray()).containsExactly(once);
        assertThat(w.getGradient().toFloatArray()).containsExactly(G);
    }

    @Test
    void gradientsNonFiniteOnEveryPassAreADivergenceAndLeaveNoNaNBehind() {
        AtomicInteger passes = new AtomicInteger();
        assertThatThrownBy(() -> GradientPass.run(Engine.getInstance(), 7, () -> {
            passes.incrementAndGet();
            return w.sub(w).sqrt().sum();
        }, optimizer, List.of())).isInstanceOf(NonFiniteStepException.class).hasMessageContaining("3 passes");

        assertThat(passes).hasValue(GradientPass.ATTEMPTS);
        assertThat(w.getGradient().toFloatArray()).containsOnly(0f);
    }

    /** A NaN loss on the first pass only is libtorch's fault too: the second pass counts. */
    @Test
    void aNonFiniteLossIsComputedAgain() {
        AtomicInteger passes = new AtomicInteger();
        GradientPass.Outcome outcome = GradientPass.run(Engine.getInstance(), 7, () -> passes.incrementAndGet() == 1
                ? w.div(0f).sum() : w.mul(manager.create(G)).sum(), optimizer, List.of());

        assertThat(outcome.recomputations()).isEqualTo(1);
        assertThat(outcome.loss()).isFinite();
        assertThat(w.getGradient().toFloatArray()).containsExactly(G);
    }

    @Test
    void aLossNonFiniteOnEveryPassIsADivergence() {
        AtomicInteger passes = new AtomicInteger();
        assertThatThrownBy(() -> GradientPass.run(Engine.getInstance(), 7, () -> {
            passes.incrementAndGet();
            return w.div(0f).sum();
        }, optimizer, List.of())).isInstanceOf(NonFiniteStepException.class);

        assertThat(passes).hasValue(GradientPass.ATTEMPTS);
    }
}
