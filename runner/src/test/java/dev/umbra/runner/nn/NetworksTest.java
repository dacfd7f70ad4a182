package dev.umbra.runner.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.umbra.client.spec.Backbone;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

class NetworksTest {

    @Test
    void frozenCopyHasTheSameValuesAndNoGradients() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape input = new Shape(2, 1, 28, 28);
            Encoder online = Networks.initialize(Backbones.create(Backbone.CONVNET_S), manager, input);
            Encoder target = Networks.frozenCopy(online.newInstance(), online, manager, input);
            assertThat(target.getParameters().values()).noneMatch(Parameter::requiresGradient);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray x = manager.randomNormal(input);
            NDArray a = online.forward(ps, new NDList(x), false).singletonOrThrow();
            NDArray b = target.forward(ps, new NDList(x), false).singletonOrThrow();
            assertThat(a.contentEquals(b)).isTrue();
        }
    }

    @Test
    void emaMovesLearnedParametersByOneMinusMomentumAndKeepsRunningStatistics() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape input = new Shape(2, 8);
            Block online = Networks.initialize(MlpHead.builder().addHidden(4).setOutput(3).build(), manager, input);
            Block target = Networks.frozenCopy(MlpHead.builder().addHidden(4).setOutput(3).build(), online, manager, input);
            for (Parameter p : online.getParameters().values()) {
                p.getArray().addi(1f); // online = target + 1 everywhere, running statistics included
            }
            Networks.emaUpdate(target, online, 0.9);
            Iterator<Pair<String, Parameter>> t = target.getParameters().iterator();
            for (Pair<String, Parameter> o : online.getParameters()) {
                NDArray diff = o.getValue().getArray().sub(t.next().getValue().getArray());
                float expected = Networks.isLearned(o.getValue()) ? 0.9f : 1f;
                assertThat(diff.sub(expected).abs().max().getFloat()).as(o.getKey()).isLessThan(1e-6f);
            }
        }
    }

    @Test
    void mlpHeadMapsFeaturesToItsOutputWidth() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block head = Networks.initialize(MlpHead.builder().addHidden(16).addHidden(16).setOutput(5)
                    .optLastBatchNorm(true, false).build(), manager, new Shape(2, 7));
            NDArray out = head.forward(new ParameterStore(manager, false),
                    new NDList(manager.randomNormal(new Shape(6, 7))), true).singletonOrThrow();
            assertThat(out.getShape()).isEqualTo(new Shape(6, 5));
            // The last batch norm without affine parameters standardises each output over the batch.
            assertThat(out.mean(new int[] {0}).abs().max().getFloat()).isLessThan(1e-5f);
        }
    }
}
