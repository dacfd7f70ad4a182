package dev.umbra.runner.loss;

import static dev.umbra.runner.loss.Fixtures.array;
import static dev.umbra.runner.loss.Fixtures.matrix;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Double coefficients must not promote a float32 loss to float64 (PyTorch promotes a 0-d float32
 * tensor combined with a 0-d float64 one), which the training loop reads as float.
 */
class LossDataTypeTest {

    @Test
    void float32InputsGiveFloat32Losses() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = array(manager, matrix(81, 6, 4));
            NDArray b = array(manager, matrix(82, 6, 4));
            NDArray images = manager.randomNormal(new Shape(2, 1, 4, 4));
            NDArray mask = manager.create(new float[] {1, 0, 0, 1, 0, 1, 1, 0}, new Shape(2, 4));
            List<NDArray> losses = List.of(
                    NegativeCosineLoss.negativeCosine(a, b),
                    NegativeCosineLoss.normalizedSquaredError(a, b),
                    InfoNceLoss.loss(a, b, b, 0.2),
                    BarlowTwinsLoss.loss(a, b, 0.0051, 0.1).total(),
                    VicRegLoss.loss(a, b, 25, 25, 1).total(),
                    SwavLoss.swappedPrediction(a, b, SwavLoss.sinkhorn(a, 3, 0.05), SwavLoss.sinkhorn(b, 3, 0.05), 0.1),
                    DinoLoss.loss(a, b, b, a, manager.zeros(new Shape(1, 4)), 0.1, 0.04),
                    ReconstructionLoss.meanSquaredError(images, images.mul(0.5)),
                    ReconstructionLoss.maskedPatchError(images, images.mul(0.5), mask, 2, true));
            assertThat(losses).allSatisfy(loss -> {
                assertThat(loss.getDataType()).isEqualTo(DataType.FLOAT32);
                assertThat(loss.getShape().isScalar()).isTrue();
            });
        }
    }
}
