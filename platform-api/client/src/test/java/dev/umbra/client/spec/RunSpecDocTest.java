package dev.umbra.client.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/run-spec.md must name every method, parameter, recipe and protocol the code accepts. */
class RunSpecDocTest {

    @Test
    void theDocumentNamesEverythingTheParserAccepts() throws Exception {
        String doc = Files.readString(Path.of("../../docs/run-spec.md"));

        for (Method method : Method.values()) {
            assertThat(doc).contains("`" + method.id() + "`");
            for (ParamDef param : method.params()) {
                assertThat(doc).as(method.id()).contains("`" + param.name() + "`");
            }
        }
        Backbone.ids().forEach(id -> assertThat(doc).contains("`" + id + "`"));
        OptimizerName.ids().forEach(id -> assertThat(doc).contains("`" + id + "`"));
        Recipe.ids().forEach(id -> assertThat(doc).contains("`" + id + "`"));
        Recipe.PARAMS.forEach(p -> assertThat(doc).contains("`" + p.name() + "`"));
        EvalProtocol.ids().forEach(id -> assertThat(doc).contains("`" + id + "`"));
    }

    @Test
    void theExampleIsAValidSpec() throws Exception {
        String doc = Files.readString(Path.of("../../docs/run-spec.md"));
        String example = doc.substring(doc.indexOf("```json") + 7, doc.lastIndexOf("```"));

        RunSpec spec = SpecParser.parse(new ObjectMapper().readTree(example));

        assertThat(spec.method().name()).isEqualTo(Method.BYOL);
        assertThat(spec.method().params().getDouble("momentum_base")).isEqualTo(0.996);
    }
}
