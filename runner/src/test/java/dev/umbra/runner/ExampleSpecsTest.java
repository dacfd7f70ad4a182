package dev.umbra.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.umbra.client.spec.Method;
import dev.umbra.client.spec.RunSpec;
import dev.umbra.client.spec.SpecParser;
import dev.umbra.sample.BundledSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ExampleSpecsTest {

    static Path examplesDir() {
        return Path.of(System.getProperty("umbra.examples.dir", "../examples/specs"));
    }

    @Test
    void everyMethodHasOneValidQuickStartSpecOnTheBundledSample() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(examplesDir())) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        Set<Method> covered = EnumSet.noneOf(Method.class);
        for (Path file : files) {
            RunSpec spec = SpecParser.parse(new ObjectMapper().readTree(file.toFile()));
            assertThat(spec.dataset()).as(file.toString()).isEqualTo(BundledSample.NAME);
            assertThat(file.getFileName().toString()).isEqualTo(spec.method().name().id() + ".json");
            // Quick: at most 4 x 20 steps of batch 256 on the CPU backbone.
            assertThat(spec.backbone().id()).isEqualTo("convnet-s");
            assertThat((long) spec.epochs() * spec.maxStepsPerEpoch()).isLessThanOrEqualTo(80);
            covered.add(spec.method().name());
        }
        assertThat(files).hasSize(Method.values().length);
        assertThat(covered).containsExactlyInAnyOrder(Method.values());
    }
}
