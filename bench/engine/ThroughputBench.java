import com.fasterxml.jackson.databind.ObjectMapper;
import dev.umbra.client.spec.RunSpec;
import dev.umbra.client.spec.SpecParser;
import dev.umbra.runner.data.Dataset;
import dev.umbra.runner.data.DatasetResolver;
import dev.umbra.runner.engine.EngineSetup;
import dev.umbra.runner.train.TrainingListener;
import dev.umbra.runner.train.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Training throughput of one method through the real training loop: convnet-s, batch 256, the
 * bundled sample, the method's default optimizer and augmentation. Epoch 1 warms up, epoch 2 is
 * measured. Prints one JSON line.
 *
 * <p>Usage: {@code java -cp <runner classpath> ThroughputBench.java METHOD STEPS THREADS WORKDIR}
 */
public class ThroughputBench {

    public static void main(String[] args) throws Exception {
        String method = args[0];
        int steps = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        Path work = Path.of(args[3]);
        EngineSetup.prepare(threads);
        RunSpec spec = SpecParser.parse(new ObjectMapper().readTree(String.format(Locale.ROOT,
                "{\"dataset\": \"fashion-mnist-sample\", \"method\": {\"name\": \"%s\"}, \"batch_size\": 256,"
                        + " \"epochs\": 2, \"max_steps_per_epoch\": %d, \"seed\": 1,"
                        + " \"checkpoint\": {\"every_epochs\": 100, \"keep_last\": 1}}", method, steps)));
        Dataset dataset = new DatasetResolver(work.resolve("cache"), work).resolve(spec.dataset());
        List<Map<String, Double>> epochs = new ArrayList<>();
        TrainingRun.builder().setSpec(spec).setDataset(dataset).setOutputDir(Files.createTempDirectory(work, "run"))
                .optListener(new TrainingListener() {
                    @Override
                    public void onEpoch(int epoch, Map<String, Double> metrics) {
                        epochs.add(metrics);
                    }
                }).build().run();
        Map<String, Double> measured = epochs.get(1);
        System.out.printf(Locale.ROOT, "{\"impl\": \"djl\", \"method\": \"%s\", \"steps\": %d, \"threads\": %d,"
                        + " \"images_per_sec\": %.1f, \"augment_share\": %.4f}%n", method, steps, threads,
                measured.get("train/images_per_s"), measured.get("train/augment_share"));
    }
}
