import com.fasterxml.jackson.databind.ObjectMapper;
import dev.umbra.client.spec.RunSpec;
import dev.umbra.client.spec.SpecParser;
import dev.umbra.runner.data.Dataset;
import dev.umbra.runner.data.DatasetResolver;
import dev.umbra.runner.engine.EngineSetup;
import dev.umbra.runner.train.TrainingListener;
import dev.umbra.runner.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Resident memory of the process over 2,000 SimCLR steps of a tiny model (convnet-s, batch 32) on the
 * bundled sample, sampled every 100 steps from /proc/self/status, with the JVM heap beside it (the
 * heap grows until the collector settles; the rest of RSS is libtorch's native memory).
 *
 * <p>Usage: {@code java -cp <runner classpath> RssBench.java THREADS WORKDIR}
 */
public class RssBench {

    private static final double MIB = 1024.0 * 1024.0;

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        Path work = Path.of(args[1]);
        EngineSetup.prepare(threads);
        RunSpec spec = SpecParser.parse(new ObjectMapper().readTree(
                "{\"dataset\": \"fashion-mnist-sample\", \"method\": {\"name\": \"simclr\"}, \"batch_size\": 32,"
                        + " \"epochs\": 20, \"max_steps_per_epoch\": 100, \"seed\": 1,"
                        + " \"checkpoint\": {\"every_epochs\": 5, \"keep_last\": 1}}"));
        Dataset dataset = new DatasetResolver(work.resolve("cache"), work).resolve(spec.dataset());
        System.out.println("step rss_mib jvm_heap_committed_mib jvm_heap_used_mib");
        TrainingRun.builder().setSpec(spec).setDataset(dataset).setOutputDir(Files.createTempDirectory(work, "rss"))
                .optListener(new TrainingListener() {
                    @Override
                    public void onStep(StepProgress p) {
                        long done = p.globalStep() + 1;
                        if (done == 1 || done % 100 == 0) {
                            Runtime rt = Runtime.getRuntime();
                            System.out.printf(Locale.ROOT, "%d %.1f %.1f %.1f%n", done, rssMib(), rt.totalMemory() / MIB,
                                    (rt.totalMemory() - rt.freeMemory()) / MIB);
                        }
                    }
                }).build().run();
    }

    private static double rssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
            return Double.NaN;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
