package dev.umbra.runner.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.umbra.client.dto.DatasetDto;
import dev.umbra.client.spec.RunSpec;
import dev.umbra.runner.nn.Backbones;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The JSON card uploaded beside a run's final encoder, so the weights can be reused without the run:
 * which backbone and method made them, on which dataset, what they output, and the run's hash.
 */
final class ModelCard {

    static final String FILE_SUFFIX = ".json";

    private ModelCard() {
    }

    static ObjectNode of(RunSpec spec, DatasetDto dataset, String runHash, Path encoderFile) {
        ObjectNode card = new ObjectMapper().createObjectNode();
        card.put("backbone", spec.backbone().id());
        card.put("method", spec.method().name().id());
        card.put("feature_dim", Backbones.create(spec.backbone()).featureDim());
        card.put("weights", encoderFile.getFileName().toString());
        card.put("format", "safetensors");
        ObjectNode data = card.putObject("dataset");
        data.put("name", dataset.name());
        data.put("checksum", dataset.checksum());
        data.put("channels", dataset.channels());
        data.put("height", dataset.height());
        data.put("width", dataset.width());
        card.put("run_hash", runHash);
        return card;
    }

    /** Writes the card beside the encoder ({@code encoder.safetensors.json}) and returns its path. */
    static Path writeBeside(Path encoderFile, ObjectNode card) {
        Path file = encoderFile.resolveSibling(encoderFile.getFileName() + FILE_SUFFIX);
        try {
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), card);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model card " + file, e);
        }
        return file;
    }
}
