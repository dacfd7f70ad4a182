import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.umbra.client.dto.FieldError;
import dev.umbra.client.spec.DatasetFacts;
import dev.umbra.scheduler.sweep.SweepExpander;
import dev.umbra.scheduler.sweep.SweepSpec;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Sweep expansion speed (run-expansion.sh puts the packaged platform's scheduler and client jars on
 * the class path): parse a sweep, expand it to 10,000 runs with every spec validated, resolved,
 * hashed and canonicalised, as the platform does before it inserts anything. Exits 1 when a sweep
 * does not expand to 10,000 runs.
 */
public class ExpansionBench {

    static final String BASE = "{\"dataset\": \"fashion-mnist-sample\", \"method\": {\"name\": \"simclr\"}, \"epochs\": 100}";

    public static void main(String[] args) throws Exception {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        String grid = "{\"base\": " + BASE + ", \"axes\": [{\"path\": \"optimizer.lr\", \"values\": " + values(100, 0.01)
                + "}, {\"path\": \"method.params.temperature\", \"values\": " + values(100, 0.005) + "}], \"seeds\": [1]}";
        String random = "{\"base\": " + BASE + ", \"axes\": [{\"path\": \"optimizer.lr\", \"range\": {\"min\": 0.0001,"
                + " \"max\": 1, \"log\": true}}, {\"path\": \"method.params.temperature\", \"range\": {\"min\": 0.05, \"max\": 1}},"
                + " {\"path\": \"batch_size\", \"choices\": [64, 128, 256, 512]}], \"samples\": 2500, \"seeds\": [1, 2, 3, 4]}";
        measure("grid 100 x 100, 1 seed", grid, repetitions);
        measure("random 2,500 samples x 4 seeds", random, repetitions);
    }

    static void measure(String name, String json, int repetitions) throws Exception {
        JsonNode document = new ObjectMapper().readTree(json);
        SweepExpander.Datasets datasets = n -> Optional.of(new SweepExpander.KnownDataset("c".repeat(64), DatasetFacts.DEFAULT));
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[] ms = new double[repetitions];
        double[] cpu = new double[repetitions];
        int runs = 0;
        for (int i = -3; i < repetitions; i++) { // three warm-up rounds for the JIT
            long start = System.nanoTime();
            long cpuStart = os.getProcessCpuTime();
            List<FieldError> errors = new ArrayList<>();
            SweepSpec spec = SweepSpec.parse(document, errors);
            runs = SweepExpander.expand(spec, datasets, 0).size();
            if (i >= 0) {
                ms[i] = (System.nanoTime() - start) / 1e6;
                cpu[i] = (os.getProcessCpuTime() - cpuStart) / 1e6;
            }
        }
        if (runs != 10_000) {
            System.out.println("FAILED: " + name + " expanded to " + runs + " runs, not 10,000");
            System.exit(1);
        }
        Arrays.sort(ms);
        Arrays.sort(cpu);
        // Wall time on a machine shared with other builds says little; the CPU time the process
        // spent (all threads, GC and JIT included) is what the work costs.
        System.out.printf("%s: %,d runs, wall median %.0f ms (min %.0f, max %.0f), process CPU median %.0f ms (min %.0f),"
                + " %d repetitions, %d cores%n", name, runs, ms[ms.length / 2], ms[0], ms[ms.length - 1], cpu[cpu.length / 2],
                cpu[0], repetitions, Runtime.getRuntime().availableProcessors());
    }

    static String values(int n, double step) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 1; i <= n; i++) {
            text.append(i == 1 ? "" : ", ").append(Math.round(i * step * 1e6) / 1e6);
        }
        return text.append("]").toString();
    }
}
