package dev.umbra.runner.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.umbra.client.dto.EvalResultDto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run produced; also written as {@code result.json} in the output directory.
 *
 * @param epochsDone   whole epochs trained (a stop mid-epoch counts the epoch as not done)
 * @param stepsDone    optimizer steps over the run, resumed parts included
 * @param finalLoss    mean training loss of the last epoch trained (NaN when nothing trained)
 * @param imagesPerSec source images per second over the training steps of this invocation
 * @param wallSeconds  wall time of this invocation, evaluation and checkpoints included
 * @param environment  see {@link Environment}
 * @param diagnostics  what the evaluators measured after epoch {@code epochsDone}: the collapse diagnostics
 *                     ({@code diag/...}, {@code diag/collapse_flag}) when {@code evaluation.diagnostics} is on,
 *                     {@code knn/top1} when that epoch ran the kNN monitor; empty when no epoch was trained
 * @param evaluation   the final results of the spec's protocols (empty until evaluators are registered)
 * @param checkpoints  checkpoint files on disk at the end, oldest first
 * @param encoderFile  the final encoder's parameters (safetensors), null when the run stopped early or the
 *                     method has no encoder (raw-pixels)
 * @param message      why the run stopped early, else null
 */
public record TrainingResult(RunStatus status, int epochsDone, long stepsDone, double finalLoss, double imagesPerSec,
                             double wallSeconds, Map<String, Object> environment, Map<String, Double> diagnostics,
                             List<EvalResultDto> evaluation,
                             List<Path> checkpoints, Path encoderFile, String message) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The JSON form of {@code result.json} (paths as strings, NaN as null). */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", status.name());
        json.put("epochs_done", epochsDone);
        json.put("steps_done", stepsDone);
        json.put("final_loss", Double.isFinite(finalLoss) ? finalLoss : null);
        json.put("images_per_sec", imagesPerSec);
        json.put("wall_seconds", wallSeconds);
        json.put("message", message);
        json.put("environment", environment);
        json.put("diagnostics", new TreeMap<>(diagnostics));
        json.put("evaluation", evaluation);
        json.put("checkpoints", checkpoints.stream().map(Path::toString).toList());
        json.put("encoder", encoderFile == null ? null : encoderFile.toString());
        return json;
    }

    public void writeJson(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writeValue(file.toFile(), toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
