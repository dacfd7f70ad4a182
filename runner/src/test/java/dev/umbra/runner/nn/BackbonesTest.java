package dev.umbra.runner.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.umbra.client.spec.Backbone;
import org.junit.jupiter.api.Test;

class BackbonesTest {

    @Test
    void convnetSIsSmallAndGives128FeaturesForGrayAndRgbInputs() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder gray = Networks.initialize(Backbones.create(Backbone.CONVNET_S), manager, new Shape(2, 1, 28, 28));
            Encoder rgb = Networks.initialize(Backbones.create(Backbone.CONVNET_S), manager, new Shape(2, 3, 32, 32));
            assertThat(Networks.parameterCount(gray)).isBetween(50_000L, 1_000_000L);
            assertThat(gray.featureDim()).isEqualTo(128);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray f = gray.forward(ps, new NDList(manager.randomNormal(new Shape(4, 1, 28, 28))), false).singletonOrThrow();
            assertThat(f.getShape()).isEqualTo(new Shape(4, 128));
            NDArray g = rgb.forward(ps, new NDList(manager.randomNormal(new Shape(4, 3, 32, 32))), false).singletonOrThrow();
            assertThat(g.getShape()).isEqualTo(new Shape(4, 128));
            assertThat(gray.featureMapShape(new Shape(1, 28, 28))).isEqualTo(new Shape(1, 128, 7, 7));
            assertThat(rgb.featureMapShape(new Shape(3, 32, 32))).isEqualTo(new Shape(1, 128, 8, 8));
        }
    }

    @Test
    void convnetMIsConvnetSTwiceAsWideWith256Features() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder small = Networks.initialize(Backbones.create(Backbone.CONVNET_S), manager, new Shape(2, 1, 28, 28));
            Encoder medium = Networks.initialize(Backbones.create(Backbone.CONVNET_M), manager, new Shape(2, 1, 28, 28));
            // Conv weights scale with both widths, so about 4x convnet-s' parameters (its batch norms 2x).
            assertThat(Networks.parameterCount(medium)).isEqualTo(370_112L);
            assertThat(Networks.parameterCount(medium)).isBetween(3 * Networks.parameterCount(small),
                    5 * Networks.parameterCount(small));
            assertThat(medium.featureDim()).isEqualTo(256);
            NDArray f = medium.forward(new ParameterStore(manager, false),
                    new NDList(manager.randomNormal(new Shape(4, 1, 28, 28))), false).singletonOrThrow();
            assertThat(f.getShape()).isEqualTo(new Shape(4, 256));
            assertThat(medium.featureMapShape(new Shape(3, 32, 32))).isEqualTo(new Shape(1, 256, 8, 8));
        }
    }

    @Test
    void resnet18CifarHasTheUsualSizeAnd512Features() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder resnet = Networks.initialize(Backbones.create(Backbone.RESNET18_CIFAR), manager,
                    new Shape(2, 3, 32, 32));
            // torchvision's resnet18 without its fc layer and with a 3x3 stem: 11,168,832 parameters.
            assertThat(Networks.parameterCount(resnet)).isEqualTo(11_168_832L);
            NDArray f = resnet.forward(new ParameterStore(manager, false),
                    new NDList(manager.randomNormal(new Shape(2, 3, 32, 32))), false).singletonOrThrow();
            assertThat(f.getShape()).isEqualTo(new Shape(2, 512));
            assertThat(resnet.featureMapShape(new Shape(3, 32, 32))).isEqualTo(new Shape(1, 512, 4, 4));
        }
    }
}
