package dev.umbra.runner.method;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.umbra.client.spec.RunSpec;
import dev.umbra.client.spec.SpecParser;
import dev.umbra.runner.data.Dataset;
import dev.umbra.runner.data.DatasetResolver;
import dev.umbra.runner.train.RunStatus;
import dev.umbra.runner.train.TrainingResult;
import dev.umbra.runner.train.TrainingRun;
import dev.umbra.sample.BundledSample;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every method of the zoo, with every default (heads, optimizer, augmentation recipe), trains a few
 * steps through the shared loop on the bundled 28x28 sample and leaves an encoder and a checkpoint.
 */
class MethodDefaultsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path cache;

    private static Dataset sample;

    @BeforeAll
    static void loadSample() {
        sample = new DatasetResolver(cache, cache).resolve(BundledSample.NAME);
    }

    @ParameterizedTest
    @ValueSource(strings = {"byol", "vicreg", "barlow-twins", "moco-v2", "simsiam", "swav", "dino", "mae", "dae"})
    void trainsWithItsDefaultsOnTheBundledSample(String method, @TempDir Path out) throws Exception {
        RunSpec spec = SpecParser.parse(JSON.readTree("{\"dataset\": \"" + BundledSample.NAME
                + "\", \"method\": {\"name\": \"" + method + "\"}, \"epochs\": 1, \"batch_size\": 32,"
                + " \"max_steps_per_epoch\": 2, \"evaluation\": {\"protocols\": []}}"));

        TrainingResult result = TrainingRun.builder().setSpec(spec).setDataset(sample).setOutputDir(out).build().run();

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.stepsDone()).isEqualTo(2);
        assertThat(result.finalLoss()).isFinite();
        assertThat(result.encoderFile()).isNotNull();
        assertThat(Files.list(out.resolve("checkpoints"))).hasSize(1);
    }

    @Test
    void dinoTrainsWithLocalCropsThroughTheLoop(@TempDir Path withLocals, @TempDir Path without) throws Exception {
        TrainingResult local = dino(withLocals, "{\"local_crops\": 2}");
        TrainingResult global = dino(without, "{}");

        assertThat(local.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(local.stepsDone()).isEqualTo(2);
        assertThat(local.finalLoss()).isFinite();
        // Same seed, same global views: only the local crops' pairs in the loss can tell the runs apart.
        assertThat(local.finalLoss()).isNotEqualTo(global.finalLoss());
    }

    private static TrainingResult dino(Path out, String params) throws Exception {
        RunSpec spec = SpecParser.parse(JSON.readTree("{\"dataset\": \"" + BundledSample.NAME
                + "\", \"method\": {\"name\": \"dino\", \"params\": " + params + "}, \"epochs\": 1,"
                + " \"batch_size\": 16, \"max_steps_per_epoch\": 2, \"evaluation\": {\"protocols\": []}}"));
        return TrainingRun.builder().setSpec(spec).setDataset(sample).setOutputDir(out).build().run();
    }
}
