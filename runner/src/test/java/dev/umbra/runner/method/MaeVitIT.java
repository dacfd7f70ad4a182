package dev.umbra.runner.method;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.umbra.client.spec.RunSpec;
import dev.umbra.client.spec.SpecParser;
import dev.umbra.runner.data.DatasetResolver;
import dev.umbra.runner.train.RunStatus;
import dev.umbra.runner.train.TrainingListener;
import dev.umbra.runner.train.TrainingResult;
import dev.umbra.runner.train.TrainingRun;
import dev.umbra.sample.BundledSample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MAE on {@code vit-tiny} with every default learns on the bundled sample: 30 steps of 16 images (28x28, 49 tokens). */
class MaeVitIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theLossIsFiniteAndFallsOnTheBundledSample(@TempDir Path cache, @TempDir Path out) throws Exception {
        RunSpec spec = SpecParser.parse(JSON.readTree("{\"dataset\": \"" + BundledSample.NAME + "\","
                + " \"backbone\": \"vit-tiny\", \"method\": {\"name\": \"mae\"}, \"epochs\": 3, \"batch_size\": 16,"
                + " \"max_steps_per_epoch\": 10, \"seed\": 1,"
                + " \"evaluation\": {\"protocols\": [], \"knn_every_epochs\": 0, \"diagnostics\": false}}"));
        List<Double> losses = new ArrayList<>();

        TrainingResult result = TrainingRun.builder().setSpec(spec)
                .setDataset(new DatasetResolver(cache, cache).resolve(BundledSample.NAME)).setOutputDir(out)
                .optListener(new TrainingListener() {
                    @Override
                    public void onStep(StepProgress progress) {
                        losses.add(progress.loss());
                    }
                }).build().run();

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(losses).hasSize(30).allSatisfy(loss -> assertThat(loss).isFinite());
        assertThat(mean(losses.subList(25, 30))).isLessThan(0.8 * mean(losses.subList(0, 5)));
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
