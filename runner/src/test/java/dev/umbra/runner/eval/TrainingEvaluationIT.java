package dev.umbra.runner.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.umbra.client.spec.RunSpec;
import dev.umbra.client.spec.SpecParser;
import dev.umbra.runner.data.Dataset;
import dev.umbra.runner.data.DatasetFormat;
import dev.umbra.runner.data.ImageSplit;
import dev.umbra.client.dto.EvalResultDto;
import dev.umbra.runner.train.RunStatus;
import dev.umbra.runner.train.TrainingListener;
import dev.umbra.runner.train.TrainingResult;
import dev.umbra.runner.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluators plugged into the real training loop: per-epoch metrics, final protocols, the collapse stop. */
class TrainingEvaluationIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path out;

    private static RunSpec spec(String evaluation) throws IOException {
        return SpecParser.parse(JSON.readTree(("""
                {'dataset': 'synthetic', 'backbone': 'convnet-s', 'method': {'name': 'simclr'},
                 'epochs': 2, 'batch_size': 32, 'max_steps_per_epoch': 2, 'evaluation': %s}
                """.formatted(evaluation)).replace('\'', '"')));
    }

    /** Ten classes, each a fixed random 28 x 28 template plus noise. */
    private static Dataset dataset() {
        SplittableRandom random = new SplittableRandom(3);
        byte[][] templates = new byte[10][28 * 28];
        for (byte[] t : templates) {
            for (int i = 0; i < t.length; i++) {
                t[i] = (byte) random.nextInt(256);
            }
        }
        return new Dataset("synthetic", DatasetFormat.IDX, "synthetic-3",
                IntStream.range(0, 10).mapToObj(Integer::toString).toList(),
                split(200, templates, random), split(100, templates, random));
    }

    private static ImageSplit split(int count, byte[][] templates, SplittableRandom random) {
        int bytes = 28 * 28;
        byte[] pixels = new byte[count * bytes];
        int[] labels = new int[count];
        for (int n = 0; n < count; n++) {
            labels[n] = n % 10;
            for (int i = 0; i < bytes; i++) {
                int v = (templates[labels[n]][i] & 0xFF) + random.nextInt(61) - 30;
                pixels[n * bytes + i] = (byte) Math.max(0, Math.min(255, v));
            }
        }
        return new ImageSplit(pixels, labels, 1, 28, 28);
    }

    private TrainingResult train(RunSpec spec, List<Map<String, Double>> epochMetrics) {
        return TrainingRun.builder()
                .setSpec(spec)
                .setDataset(dataset())
                .setOutputDir(out)
                .optEvaluator(new TrainingMonitor(spec.evaluation()))
                .optEvaluator(new ProtocolSuite(spec.evaluation().protocols()))
                .optListener(new TrainingListener() {
                    @Override
                    public void onEpoch(int epoch, Map<String, Double> metrics) {
                        epochMetrics.add(metrics);
                    }
                })
                .build()
                .run();
    }

    @Test
    void epochsCarryKnnAndDiagnosticsAndTheResultCarriesTheProtocols() throws IOException {
        List<Map<String, Double>> epochs = new ArrayList<>();
        TrainingResult result = train(spec("{'protocols': ['knn/v1', 'linear-probe/v1'], 'knn_every_epochs': 2}"), epochs);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(epochs).hasSize(2);
        assertThat(epochs.get(0)).containsKeys("diag/embedding_std", "diag/rankme", "diag/alignment",
                "diag/uniformity", "diag/energy_gap", "diag/collapse_flag").doesNotContainKey("knn/top1");
        // The detector's threshold beside the std: std_fraction (default 0.1) / sqrt(128), convnet-s's feature width.
        assertThat(epochs.get(0).get("diag/collapse_threshold")).isCloseTo(0.1 / Math.sqrt(128), within(1e-12));
        assertThat(epochs.get(1)).containsKey("knn/top1");
        assertThat(epochs.get(1).get("knn/top1")).isBetween(0.0, 1.0);
        assertThat(epochs.get(1).get("diag/rankme")).isBetween(1.0, 128.0);

        assertThat(result.evaluation()).extracting(EvalResultDto::metric)
                .startsWith("knn/top1").contains("linear-probe/top1");
        EvalResultDto probe = result.evaluation().stream()
                .filter(r -> r.metric().equals("linear-probe/top1")).findFirst().orElseThrow();
        assertThat(probe.epoch()).isEqualTo(2);
        assertThat(probe.protocol()).isEqualTo("linear-probe/v1");
        // Ten well separated templates: a linear probe on any reasonable features gets most of them.
        assertThat(probe.value()).isGreaterThan(0.5);
        assertThat(probe.protocolParams().has("l2_grid")).isTrue();

        JsonNode written = JSON.readTree(out.resolve("result.json").toFile());
        assertThat(written.get("evaluation")).hasSize(result.evaluation().size());
        assertThat(written.get("evaluation").get(0).get("metric").asText()).isEqualTo("knn/top1");
    }

    @Test
    void theDetectorStopsARunWhoseStdStaysUnderTheThreshold() throws IOException {
        List<Map<String, Double>> epochs = new ArrayList<>();
        // std_fraction 1 puts the threshold at 1/sqrt(d), above any ReLU-pooled untrained encoder's std.
        TrainingResult result = train(spec("""
                {'protocols': [], 'knn_every_epochs': 0,
                 'collapse': {'std_fraction': 1.0, 'patience_epochs': 1, 'stop': true}}"""), epochs);

        assertThat(epochs.get(0).get("diag/embedding_std")).isLessThan(1 / Math.sqrt(128));
        assertThat(epochs.get(0).get("diag/collapse_flag")).isEqualTo(1.0);
        assertThat(result.status()).isEqualTo(RunStatus.COLLAPSED);
        assertThat(result.epochsDone()).isEqualTo(1);
        assertThat(result.message()).startsWith("collapse: embedding std");
    }
}
