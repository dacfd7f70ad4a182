package dev.umbra.scheduler.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.umbra.client.dto.FieldError;
import dev.umbra.client.spec.DatasetFacts;
import dev.umbra.client.spec.InvalidSpecException;
import dev.umbra.client.spec.SpecJson;
import dev.umbra.scheduler.sweep.SweepExpander.ExpandedRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SweepExpanderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHECKSUM = "c".repeat(64);
    private static final SweepExpander.Datasets DATASETS = name -> switch (name) {
        case "fashion-mnist-sample" -> Optional.of(new SweepExpander.KnownDataset(CHECKSUM, DatasetFacts.DEFAULT));
        case "digits" -> Optional.of(new SweepExpander.KnownDataset("d".repeat(64), new DatasetFacts(false)));
        default -> Optional.empty();
    };
    private static final String BASE = "{\"dataset\": \"fashion-mnist-sample\", \"method\": {\"name\": \"simclr\"}, \"epochs\": 2}";

    private static SweepSpec sweep(String json) throws Exception {
        List<FieldError> errors = new ArrayList<>();
        SweepSpec spec = SweepSpec.parse(JSON.readTree(json), errors);
        assertThat(errors).isEmpty();
        return spec;
    }

    private static List<FieldError> parseErrors(String json) throws Exception {
        List<FieldError> errors = new ArrayList<>();
        SweepSpec.parse(JSON.readTree(json), errors);
        return errors;
    }

    private static List<FieldError> expandErrors(String json) throws Exception {
        try {
            SweepExpander.expand(sweep(json), DATASETS, 0);
        } catch (InvalidSpecException e) {
            return e.errors();
        }
        throw new AssertionError("expected the sweep to be refused");
    }

    @Test
    void aGridIsCrossedWithTheSeedsInAFixedOrder() throws Exception {
        SweepSpec spec = sweep("{\"base\": " + BASE + ", \"axes\": ["
                + "{\"path\": \"method.params.temperature\", \"values\": [0.1, 0.5]},"
                + "{\"path\": \"optimizer.lr\", \"values\": [0.3, 0.6, 1.2]}], \"seeds\": [1, 2]}");

        List<ExpandedRun> runs = SweepExpander.expand(spec, DATASETS, 0);

        assertThat(runs).hasSize(12);
        assertThat(runs).extracting(ExpandedRun::position).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        // first axis slowest, seeds fastest
        assertThat(runs.get(0).resolved().method().params().getDouble("temperature")).isEqualTo(0.1);
        assertThat(runs.get(0).resolved().optimizer().lr()).isEqualTo(0.3);
        assertThat(runs.get(1).resolved().seed()).isEqualTo(2);
        assertThat(runs.get(2).resolved().optimizer().lr()).isEqualTo(0.6);
        assertThat(runs.get(6).resolved().method().params().getDouble("temperature")).isEqualTo(0.5);
        assertThat(runs.get(11).configuration().params().toString()).isEqualTo("{\"method.params.temperature\":0.5,\"optimizer.lr\":1.2}");
        // one config hash per configuration, one run hash per run
        assertThat(runs.stream().map(ExpandedRun::configHash).distinct()).hasSize(6);
        assertThat(runs.stream().map(ExpandedRun::runHash).distinct()).hasSize(12);
        assertThat(runs.get(0).configHash()).isEqualTo(runs.get(1).configHash());
        // the run spec's own hashes, as a single submission gets them
        assertThat(runs.get(5).configHash()).isEqualTo(SpecJson.configHash(runs.get(5).resolved(), CHECKSUM));
        assertThat(runs.get(5).runHash()).isEqualTo(SpecJson.runHash(runs.get(5).resolved(), CHECKSUM));
        // each run's texts are its configuration's with its seed: what writing the run's own trees gives
        ExpandedRun run = runs.get(3);
        assertThat(run.configuration().resolvedSpec().withSeed(run.seed()))
                .isEqualTo(SpecJson.canonical(run.resolved()).toString());
        JsonNode submitted = new ObjectMapper().readTree(run.configuration().spec().withSeed(run.seed()));
        assertThat(submitted.get("seed").asLong()).isEqualTo(2);
        assertThat(submitted.at("/optimizer/lr").asDouble()).isEqualTo(0.6);
    }

    @Test
    void theSameSweepAlwaysExpandsToTheSameRunHashes() throws Exception {
        String json = "{\"base\": " + BASE + ", \"axes\": [{\"path\": \"batch_size\", \"values\": [64, 128]},"
                + "{\"path\": \"optimizer.lr\", \"range\": {\"min\": 0.001, \"max\": 1, \"log\": true}},"
                + "{\"path\": \"method.params.proj_output_dim\", \"choices\": [32, 64, 128]}],"
                + " \"samples\": 5, \"random_seed\": 42, \"seeds\": [0, 1, 2]}";

        List<String> first = SweepExpander.expand(sweep(json), DATASETS, 0).stream().map(ExpandedRun::runHash).toList();
        List<String> second = SweepExpander.expand(sweep(json), DATASETS, 0).stream().map(ExpandedRun::runHash).toList();

        assertThat(first).hasSize(2 * 5 * 3).doesNotHaveDuplicates().isEqualTo(second);
        String otherSeed = json.replace("\"random_seed\": 42", "\"random_seed\": 43");
        assertThat(SweepExpander.expand(sweep(otherSeed), DATASETS, 0).stream().map(ExpandedRun::runHash).toList())
                .isNotEqualTo(first);
    }

    @Test
    void randomDrawsStayInsideTheirRangesAndAreSharedByEveryGridPoint() throws Exception {
        SweepSpec spec = sweep("{\"base\": " + BASE + ", \"axes\": [{\"path\": \"batch_size\", \"values\": [64, 128]},"
                + "{\"path\": \"optimizer.lr\", \"range\": {\"min\": 0.0001, \"max\": 0.1, \"log\": true}},"
                + "{\"path\": \"epochs\", \"range\": {\"min\": 1, \"max\": 3, \"integer\": true}}],"
                + " \"samples\": 200, \"seeds\": [7]}");

        List<ExpandedRun> runs = SweepExpander.expand(spec, DATASETS, 0);

        List<Double> lrs = runs.stream().map(r -> r.resolved().optimizer().lr()).toList();
        assertThat(lrs).allSatisfy(lr -> assertThat(lr).isBetween(0.0001, 0.1));
        // log-uniform: about a third of the draws in each decade
        long lowDecade = lrs.stream().filter(lr -> lr < 0.001).count();
        assertThat(lowDecade).isBetween(90L, 180L);
        assertThat(runs.stream().map(r -> r.resolved().epochs()).collect(Collectors.toSet())).isEqualTo(Set.of(1, 2, 3));
        // sample s of the first grid point equals sample s of the second
        assertThat(lrs.subList(0, 200)).isEqualTo(lrs.subList(200, 400));
    }

    @Test
    void positionsContinueFromTheGivenOffsetWhenSeedsAreAdded() throws Exception {
        SweepSpec spec = sweep("{\"base\": " + BASE + ", \"axes\": [{\"path\": \"optimizer.lr\", \"values\": [0.1, 0.2]}],"
                + " \"seeds\": [1]}");
        List<ExpandedRun> original = SweepExpander.expand(spec, DATASETS, 0);

        List<ExpandedRun> added = SweepExpander.expand(spec.withSeeds(List.of(2L, 3L)), DATASETS, original.size());

        assertThat(added).extracting(ExpandedRun::position).containsExactly(2, 3, 4, 5);
        assertThat(added.get(0).configHash()).isEqualTo(original.get(0).configHash());
        assertThat(added.get(3).configHash()).isEqualTo(original.get(1).configHash());
        assertThat(added.get(3).resolved().seed()).isEqualTo(3);
    }

    @Test
    void everyInvalidExpandedRunIsReportedOnceByTheValueThatCausedIt() throws Exception {
        List<FieldError> errors = expandErrors("{\"base\": " + BASE.replace("\"epochs\": 2", "\"epochs\": 0") + ", \"axes\": ["
                + "{\"path\": \"optimizer.lr\", \"values\": [0.1, 500]},"
                + "{\"path\": \"method.params.temp\", \"values\": [1]},"
                + "{\"path\": \"batch_size\", \"values\": [1, 64]}], \"seeds\": [1, 2, 3]}");

        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder(
                "base.epochs", "axes[0].values[1]", "axes[1].path", "axes[2].values[0]");
        assertThat(errors).filteredOn(e -> e.field().equals("axes[0].values[1]")).singleElement()
                .satisfies(e -> assertThat(e.message()).startsWith("optimizer.lr must be from 0"));
    }

    @Test
    void anUnknownDatasetIsABadField() throws Exception {
        List<FieldError> errors = expandErrors("{\"base\": " + BASE + ", \"axes\": [{\"path\": \"dataset\","
                + " \"values\": [\"fashion-mnist-sample\", \"imagenet\"]}], \"seeds\": [1]}");

        assertThat(errors).extracting(FieldError::field).containsExactly("axes[0].values[1]");
        assertThat(errors.get(0).message()).contains("unknown dataset 'imagenet'");
    }

    @Test
    void eachRunResolvesItsRecipeAgainstItsOwnDatasetsFacts() throws Exception {
        List<ExpandedRun> runs = SweepExpander.expand(sweep("{\"base\": " + BASE + ", \"axes\": [{\"path\": \"dataset\","
                + " \"values\": [\"fashion-mnist-sample\", \"digits\"]}], \"seeds\": [1]}"), DATASETS, 0);

        assertThat(runs).extracting(r -> r.resolved().augmentation().view1().getDouble("flip_prob"))
                .containsExactly(0.5, 0.0);
        assertThat(runs.get(1).configuration().datasetChecksum()).isEqualTo("d".repeat(64));
    }

    @Test
    void badSweepDocumentsListEveryBadField() throws Exception {
        List<FieldError> errors = parseErrors("{\"base\": 3, \"axes\": ["
                + "{\"path\": \"optimizer.lr\", \"values\": []},"
                + "{\"path\": \"seed\", \"values\": [1]},"
                + "{\"path\": \"Bad Path\", \"values\": [1]},"
                + "{\"path\": \"batch_size\", \"range\": {\"min\": 10, \"max\": 1}},"
                + "{\"path\": \"epochs\", \"values\": [1], \"choices\": [2]}],"
                + " \"seeds\": [1, 1], \"colour\": \"red\"}");

        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder("base", "axes[0].values",
                "axes[1].path", "axes[2].path", "axes[3].range.min", "axes[4]", "seeds[1]", "colour");
    }

    @Test
    void countsRunsWithoutExpandingThem() throws Exception {
        SweepSpec spec = sweep("{\"base\": " + BASE + ", \"axes\": [{\"path\": \"optimizer.lr\", \"values\": [0.1, 0.2, 0.3]},"
                + "{\"path\": \"method.params.temperature\", \"range\": {\"min\": 0.05, \"max\": 0.5}}],"
                + " \"samples\": 1000, \"seeds\": [1, 2, 3, 4]}");

        assertThat(spec.runs()).isEqualTo(12_000);
    }

    @Test
    void theReuseFlagDefaultsToOnAndCanBeSwitchedOff() throws Exception {
        assertThat(sweep("{\"base\": " + BASE + ", \"seeds\": [1]}").reuseSucceeded()).isTrue();
        assertThat(sweep("{\"base\": " + BASE + ", \"seeds\": [1], \"reuse_succeeded\": false}").reuseSucceeded()).isFalse();
        JsonNode node = JSON.readTree("{\"base\": " + BASE + ", \"seeds\": [1], \"reuse_succeeded\": \"no\"}");
        List<FieldError> errors = new ArrayList<>();
        assertThat(SweepSpec.parse(node, errors)).isNull();
        assertThat(errors).extracting(FieldError::field).containsExactly("reuse_succeeded");
        assertThatThrownBy(() -> SweepExpander.expand(sweep("{\"base\": {\"method\": {\"name\": \"simclr\"}}, \"seeds\": [1]}"),
                DATASETS, 0)).isInstanceOf(InvalidSpecException.class);
    }
}
