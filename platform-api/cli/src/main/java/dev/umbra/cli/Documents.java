package dev.umbra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Run specs and sweeps from files: JSON, or YAML for files named {@code .yaml} / {@code .yml}. */
final class Documents {

    private Documents() {
    }

    static JsonNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CliException("no such file: " + file);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? new YAMLMapper() : new ObjectMapper();
        try {
            JsonNode node = mapper.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new CliException(file + " must hold one object (a run spec or a sweep)");
            }
            return node;
        } catch (IOException e) {
            throw new CliException("cannot parse " + file + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /** A sweep has a base spec; a run spec has none. */
    static boolean isSweep(JsonNode document) {
        return document.has("base");
    }
}
