package dev.umbra.runner.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.umbra.client.dto.DatasetDto;
import dev.umbra.runner.TestSpecs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCardTest {

    @Test
    void theCardBesideTheEncoderSaysWhatMadeItAndWhatItOutputs(@TempDir Path dir) throws Exception {
        Path encoder = Files.writeString(dir.resolve("encoder.safetensors"), "weights");
        DatasetDto dataset = new DatasetDto(7, "fashion-mnist-sample", "idx", 10, List.of(), 1, 28, 28, 10_000, 2_000,
                "a".repeat(64), null, true, null);

        Path file = ModelCard.writeBeside(encoder, ModelCard.of(
                TestSpecs.parse("{'dataset': 'fashion-mnist-sample', 'backbone': 'convnet-s', 'method': {'name': 'byol'}, 'epochs': 1}"),
                dataset, "b".repeat(64), encoder));

        assertThat(file.getFileName().toString()).isEqualTo("encoder.safetensors.json");
        JsonNode card = new ObjectMapper().readTree(file.toFile());
        assertThat(card.path("backbone").asText()).isEqualTo("convnet-s");
        assertThat(card.path("method").asText()).isEqualTo("byol");
        assertThat(card.path("feature_dim").asInt()).isEqualTo(128);
        assertThat(card.path("dataset").path("name").asText()).isEqualTo("fashion-mnist-sample");
        assertThat(card.path("dataset").path("checksum").asText()).isEqualTo("a".repeat(64));
        assertThat(card.path("run_hash").asText()).isEqualTo("b".repeat(64));
        assertThat(card.path("weights").asText()).isEqualTo("encoder.safetensors");
    }
}
