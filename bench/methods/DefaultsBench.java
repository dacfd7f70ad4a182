import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.umbra.client.dto.EvalResultDto;
import dev.umbra.client.spec.RunSpec;
import dev.umbra.client.spec.SpecParser;
import dev.umbra.runner.data.Dataset;
import dev.umbra.runner.data.DatasetResolver;
import dev.umbra.runner.engine.EngineSetup;
import dev.umbra.runner.train.EvaluationContext;
import dev.umbra.runner.train.RunEvaluator;
import dev.umbra.runner.train.TrainingListener;
import dev.umbra.runner.train.TrainingResult;
import dev.umbra.runner.train.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Do a method's defaults learn on small images within a small CPU budget? One method with every
 * default (heads, optimizer, augmentation) trains EPOCHS epochs on the bundled Fashion-MNIST sample
 * (10,000 images, convnet-s, batch 256); then a weighted kNN (k = 20, cosine, weights exp(s / 0.07))
 * on the frozen, pooled features of the 2,000 test images against the 10,000 training images, and
 * the spread of the L2-normalised test features (std per dimension times sqrt(d): about 1 when spread,
 * 0 when collapsed). Prints one JSON line.
 *
 * <p>A sanity check of the defaults, not the evaluation protocols (those live in the eval package).
 *
 * <p>Usage: {@code java -cp <runner classpath> DefaultsBench.java METHOD EPOCHS THREADS WORKDIR [MAX_STEPS_PER_EPOCH]}
 * (0 or none: whole epochs; a few steps make its smoke run).
 */
public class DefaultsBench {

    private static final int K = 20;
    private static final double KNN_TEMPERATURE = 0.07;

    public static void main(String[] args) throws Exception {
        String method = args[0];
        int epochs = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        Path work = Path.of(args[3]);
        int maxSteps = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        EngineSetup.prepare(threads);
        RunSpec spec = SpecParser.parse(new ObjectMapper().readTree(String.format(Locale.ROOT,
                "{\"dataset\": \"fashion-mnist-sample\", \"method\": {\"name\": \"%s\"}, \"batch_size\": 256,"
                        + " \"epochs\": %d, \"seed\": 1, \"evaluation\": {\"protocols\": []},"
                        + " \"checkpoint\": {\"every_epochs\": 1000, \"keep_last\": 1}%s}", method, epochs,
                maxSteps > 0 ? ", \"max_steps_per_epoch\": " + maxSteps : "")));
        Dataset dataset = new DatasetResolver(work.resolve("cache"), work).resolve(spec.dataset());
        List<Double> epochLosses = new ArrayList<>();
        double[] knnAndSpread = new double[2];
        TrainingResult result = TrainingRun.builder().setSpec(spec).setDataset(dataset)
                .setOutputDir(Files.createTempDirectory(work, "run"))
                .optListener(new TrainingListener() {
                    @Override
                    public void onEpoch(int epoch, Map<String, Double> metrics) {
                        epochLosses.add(metrics.get("train/loss"));
                    }
                })
                .optEvaluator(new RunEvaluator() {
                    @Override
                    public List<EvalResultDto> afterTraining(EvaluationContext context) {
                        NDManager m = context.manager();
                        NDArray train = context.features().extract(dataset.train(), m).normalize(2, 1);
                        NDArray test = context.features().extract(dataset.test(), m).normalize(2, 1);
                        knnAndSpread[0] = knnTop1(train, dataset.train().labels(), test, dataset.test().labels(),
                                dataset.numClasses());
                        knnAndSpread[1] = test.sub(test.mean(new int[] {0})).square().mean(new int[] {0}).sqrt()
                                .mean().getFloat() * Math.sqrt(test.getShape().get(1));
                        return List.of();
                    }
                })
                .build().run();
        System.out.printf(Locale.ROOT, "{\"method\": \"%s\", \"epochs\": %d, \"steps\": %d, \"threads\": %d,"
                        + " \"epoch_losses\": %s, \"knn_top1\": %.4f, \"feature_spread\": %.3f,"
                        + " \"images_per_sec\": %.1f, \"wall_seconds\": %.0f}%n", method, epochs, result.stepsDone(),
                threads, epochLosses, knnAndSpread[0], knnAndSpread[1], result.imagesPerSec(), result.wallSeconds());
    }

    /** Weighted kNN: each of the K most similar training images votes exp(similarity / T) for its class. */
    static double knnTop1(NDArray train, int[] trainLabels, NDArray test, int[] testLabels, int classes) {
        NDList top = test.matMul(train.transpose()).topK(K, 1, true, true);
        float[] sims = top.get(0).toFloatArray();
        long[] idx = top.get(1).toLongArray();
        int correct = 0;
        for (int i = 0; i < testLabels.length; i++) {
            double[] votes = new double[classes];
            for (int j = 0; j < K; j++) {
                votes[trainLabels[(int) idx[i * K + j]]] += Math.exp(sims[i * K + j] / KNN_TEMPERATURE);
            }
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (votes[c] > votes[best]) {
                    best = c;
                }
            }
            correct += best == testLabels[i] ? 1 : 0;
        }
        return (double) correct / testLabels.length;
    }
}
