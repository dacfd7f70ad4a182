package dev.umbra.runner.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.umbra.client.spec.Backbone;
import dev.umbra.client.spec.RunSpec;
import dev.umbra.runner.TestSpecs;
import dev.umbra.runner.checkpoint.Checkpoint;
import dev.umbra.runner.checkpoint.CheckpointStore;
import dev.umbra.runner.checkpoint.EncoderFile;
import dev.umbra.runner.data.Dataset;
import dev.umbra.runner.nn.Backbones;
import dev.umbra.runner.nn.Encoder;
import dev.umbra.runner.nn.Networks;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SimCLR and MAE on {@code vit-tiny} through the shared loop: 16x16 gray images (4x4 tokens), batch 16. */
class VitTrainingTest {

    private static final Dataset DATA = TestSpecs.syntheticDataset(64, 32, 1, 16, 4, 11);

    @TempDir
    Path dir;

    private static RunSpec spec(String method, String extra) {
        return TestSpecs.parse("{'dataset': 'synthetic', 'backbone': 'vit-tiny', 'method': {'name': '" + method + "'"
                + (method.equals("simclr") ? ", 'params': {'proj_hidden_dim': 32, 'proj_output_dim': 16}" : "")
                + "}, 'batch_size': 16, 'seed': 5, 'evaluation': {'protocols': ['knn/v1']}" + extra + "}");
    }

    @Test
    void simclrOnVitTinyTrainsAndResumesFromACheckpointToTheSameParameters() {
        RunSpec spec = spec("simclr", ", 'epochs': 2, 'checkpoint': {'every_epochs': 1, 'keep_last': 5}");
        TrainingResult whole = TrainingRun.builder().setSpec(spec).setDataset(DATA).setOutputDir(dir.resolve("whole"))
                .build().run();
        assertThat(whole.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(whole.finalLoss()).isFinite();
        assertThat(whole.checkpoints()).hasSize(2);

        TrainingResult resumed = TrainingRun.builder().setSpec(spec).setDataset(DATA).setOutputDir(dir.resolve("resumed"))
                .optResumeFrom(whole.checkpoints().get(0)).build().run();
        assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
        try (NDManager manager = NDManager.newBaseManager()) {
            Checkpoint a = CheckpointStore.read(resumed.checkpoints().get(resumed.checkpoints().size() - 1), manager);
            Checkpoint b = CheckpointStore.read(whole.checkpoints().get(1), manager);
            assertThat(a.meta().backbone()).isEqualTo("vit-tiny");
            assertThat(a.arrays().keySet()).isEqualTo(b.arrays().keySet())
                    .anyMatch(name -> name.startsWith("encoder/") && name.contains("attn"));
            for (String name : b.arrays().keySet()) {
                assertThat(a.arrays().get(name).contentEquals(b.arrays().get(name))).as(name).isTrue();
            }
        }
    }

    @Test
    void maeOnVitTinyTrainsAndItsEncoderFileLoadsIntoAFreshVitTiny() {
        TrainingResult result = TrainingRun.builder().setSpec(spec("mae", ", 'epochs': 2")).setDataset(DATA)
                .setOutputDir(dir).build().run();
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.finalLoss()).isFinite().isPositive();
        assertThat(result.checkpoints()).isNotEmpty();
        try (NDManager manager = NDManager.newBaseManager()) {
            Checkpoint checkpoint = CheckpointStore.read(result.checkpoints().get(result.checkpoints().size() - 1),
                    manager);
            assertThat(checkpoint.arrays().keySet()).anyMatch(name -> name.startsWith("method/decoder/")
                    && name.contains("mask_token"));

            // Two fresh encoders (different random starts) give the same features once the file is loaded.
            NDArray images = manager.randomNormal(new Shape(3, 1, 16, 16));
            float[][] features = new float[2][];
            for (int i = 0; i < 2; i++) {
                manager.getEngine().setRandomSeed(100 + i);
                Encoder fresh = Networks.initialize(Backbones.create(Backbone.VIT_TINY), manager, new Shape(2, 1, 16, 16));
                EncoderFile.loadInto(fresh, result.encoderFile(), manager);
                features[i] = fresh.forward(new ParameterStore(manager, false), new NDList(images), false)
                        .singletonOrThrow().toFloatArray();
            }
            assertThat(features[1]).containsExactly(features[0]);
        }
    }
}
