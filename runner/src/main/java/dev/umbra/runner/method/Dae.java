package dev.umbra.runner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.umbra.runner.loss.ReconstructionLoss;
import java.util.Map;

/**
 * Denoising autoencoder (Vincent et al. 2008) on a ConvNet: Gaussian noise of std {@code noise_std}
 * is added to the normalised image, the encoder's feature map is decoded back to pixels by a
 * {@link PixelDecoder}, and the loss is the mean squared error against the clean image.
 *
 * <p>The noise comes from the engine's generator, which the loop seeds from (seed, epoch, step).
 */
public final class Dae implements SslMethod {

    private Block decoder;
    private double noiseStd;

    @Override
    public void build(MethodSetup setup) {
        noiseStd = setup.params().getDouble("noise_std");
        Shape featureMap = setup.encoder().featureMapShape(setup.imageShape());
        decoder = setup.initialize(PixelDecoder.create(featureMap, setup.imageShape()), featureMap);
    }

    @Override
    public Map<String, Block> blocks() {
        return Map.of("decoder", decoder);
    }

    @Override
    public int views() {
        return 1;
    }

    @Override
    public NDArray loss(TrainingStep step, Views views) {
        NDArray clean = views.view1();
        NDArray noisy = clean.add(step.manager().randomNormal(clean.getShape()).mul(noiseStd));
        NDArray features = step.encoder().featureMap(step.parameterStore(), noisy, true);
        return ReconstructionLoss.meanSquaredError(step.forward(decoder, features), clean);
    }
}
