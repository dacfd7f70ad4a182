import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.umbra.client.dto.EvalResultDto;
import dev.umbra.runner.eval.FeatureSet;
import dev.umbra.runner.eval.KnnClassifier;
import dev.umbra.runner.eval.KnnProtocol;
import dev.umbra.runner.eval.LinearProbeProtocol;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Java side of bench/eval: knn/v1's classifier and linear-probe/v1 on the features
 * make_features.py wrote. Prints one JSON object per finished part (a line each), so a long run
 * still leaves what it measured.
 * usage: java -cp runner/target/umbra-runner.jar:runner/target/lib/* bench/eval/EvalBench.java FEATURES_DIR [knn|probe]...
 */
public class EvalBench {

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        List<String> parts = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("knn", "probe");
        ObjectMapper json = new ObjectMapper();
        ObjectNode meta = (ObjectNode) json.readTree(dir.resolve("meta.json").toFile());
        try (NDManager manager = NDManager.newBaseManager()) {
            FeatureSet train = load(manager, dir, "train", meta);
            FeatureSet test = load(manager, dir, "test", meta);

            KnnClassifier.Setting headline = new KnnClassifier.Setting(20, 0.07);
            List<KnnClassifier.Setting> all = List.of(headline, new KnnClassifier.Setting(20, 0.1),
                    new KnnClassifier.Setting(200, 0.07), new KnnClassifier.Setting(200, 0.1));
            if (parts.contains("knn")) {
            try (KnnClassifier knn = new KnnClassifier(train, KnnProtocol.MAX_CHUNK_BYTES)) {
                ObjectNode k = json.createObjectNode();
                k.put("part", "knn");
                k.put("chunk_rows", KnnProtocol.MAX_CHUNK_BYTES / (4L * train.size()));
                for (var entry : List.of(List.of(headline), all)) {
                    ObjectNode row = k.putObject(entry.size() == 1 ? "headline" : "all_settings");
                    ArrayNode seconds = row.putArray("seconds");
                    double[] accuracy = null;
                    for (int rep = 0; rep < Integer.getInteger("reps", 1); rep++) {
                        long t0 = System.nanoTime();
                        accuracy = knn.accuracy(test, entry);
                        seconds.add((System.nanoTime() - t0) / 1e9);
                    }
                    ArrayNode top1 = row.putArray("top1");
                    for (double a : accuracy) {
                        top1.add(a);
                    }
                }
                System.out.println(json.writeValueAsString(k));
                System.out.flush();
            }
            }

            if (parts.contains("probe")) {
                long t0 = System.nanoTime();
                List<EvalResultDto> probe = LinearProbeProtocol.v1().evaluate(train, test, 0);
                ObjectNode p = json.createObjectNode();
                p.put("part", "linear_probe");
                p.put("seconds", (System.nanoTime() - t0) / 1e9);
                p.put("test_top1", probe.get(0).value());
                p.set("details", probe.get(0).details());
                System.out.println(json.writeValueAsString(p));
            }
        }
    }

    private static FeatureSet load(NDManager manager, Path dir, String split, ObjectNode meta) throws IOException {
        int n = meta.get(split).get("n").asInt();
        int d = meta.get(split).get("d").asInt();
        ByteBuffer features = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(split + ".f32"))).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer labels = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(split + ".i32"))).order(ByteOrder.LITTLE_ENDIAN);
        float[] x = new float[n * d];
        features.asFloatBuffer().get(x);
        int[] y = new int[n];
        labels.asIntBuffer().get(y);
        NDArray xs = manager.create(x, new Shape(n, d));
        return new FeatureSet(xs, manager.create(y), meta.get("classes").asInt());
    }
}
