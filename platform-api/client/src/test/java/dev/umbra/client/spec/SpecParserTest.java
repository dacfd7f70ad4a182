package dev.umbra.client.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.umbra.client.dto.FieldError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHECKSUM = "ab".repeat(32);

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void fillsDefaultsFromTheMethod() throws Exception {
        RunSpec spec = SpecParser.parse(json("""
                {"dataset": "fashion-mnist-sample", "method": {"name": "byol"}, "epochs": 20, "batch_size": 512}
                """));

        assertThat(spec.backbone()).isEqualTo(Backbone.CONVNET_S);
        assertThat(spec.method().params().getDouble("momentum_base")).isEqualTo(0.99);
        assertThat(spec.optimizer().name()).isEqualTo(OptimizerName.LARS);
        assertThat(spec.optimizer().lr()).isEqualTo(2.0); // 1.0 x 512/256
        assertThat(spec.augmentation().recipe()).isEqualTo(Recipe.BYOL_ASYMMETRIC);
        assertThat(spec.augmentation().view1().getDouble("solarize_prob")).isEqualTo(0.0);
        assertThat(spec.augmentation().view2().getDouble("solarize_prob")).isEqualTo(0.2);
        assertThat(spec.schedule().warmupEpochs()).isEqualTo(2.0);
        assertThat(spec.evaluation().protocols()).containsExactly(EvalProtocol.KNN_V1, EvalProtocol.LINEAR_PROBE_V1);
        assertThat(spec.maxStepsPerEpoch()).isNull();
    }

    @Test
    void canonicalJsonParsesBackToAnEqualSpec() throws Exception {
        RunSpec spec = SpecParser.parse(json("""
                {"dataset": "d1", "method": {"name": "swav", "params": {"num_prototypes": 30}}, "epochs": 3,
                 "max_steps_per_epoch": 5, "augmentation": {"params": {"flip_prob": 0}, "view2": {"blur_prob": 0.5}},
                 "resources": {"gpus": 1, "labels": ["b", "a"]}, "seed": 7}
                """));
        String canonical = SpecJson.write(SpecJson.canonical(spec));

        RunSpec again = SpecParser.parse(json(canonical));

        assertThat(again).isEqualTo(spec);
        assertThat(SpecJson.write(SpecJson.canonical(again))).isEqualTo(canonical);
        assertThat(again.resources().labels()).containsExactly("a", "b");
        assertThat(again.augmentation().view1().getDouble("blur_prob")).isEqualTo(0.0);
        assertThat(again.augmentation().view2().getDouble("blur_prob")).isEqualTo(0.5);
    }

    @Test
    void aDatasetWhoseFlipsChangeLabelsTakesTheRecipeWithoutFlipsAndTheHashesRecordIt() throws Exception {
        JsonNode submitted = json("""
                {"dataset": "digits", "method": {"name": "simclr"}, "epochs": 2}
                """);
        DatasetFacts noFlips = new DatasetFacts(false);

        RunSpec photos = SpecParser.parse(submitted, DatasetFacts.DEFAULT);
        RunSpec digits = SpecParser.parse(submitted, noFlips);

        assertThat(photos.augmentation().view1().getDouble("flip_prob")).isEqualTo(0.5);
        assertThat(digits.augmentation().view1().getDouble("flip_prob")).isEqualTo(0.0);
        assertThat(digits.augmentation().view2().getDouble("flip_prob")).isEqualTo(0.0);
        // Everything else in the recipe stays.
        assertThat(digits.augmentation().view1().getDouble("crop_scale_min")).isEqualTo(0.08);
        assertThat(digits.augmentation().recipe()).isEqualTo(Recipe.SIMCLR);
        // Same submitted spec, same dataset checksum, different training: the hashes must differ.
        assertThat(SpecJson.configHash(digits, CHECKSUM)).isNotEqualTo(SpecJson.configHash(photos, CHECKSUM));
        // The runner reads the resolved spec back under the same facts.
        assertThat(SpecParser.parse(SpecJson.canonical(digits), noFlips)).isEqualTo(digits);
    }

    @Test
    void refusesAFlipAskedForOnADatasetWhoseFlipsChangeLabels() throws Exception {
        List<FieldError> errors = new ArrayList<>();

        RunSpec spec = SpecParser.parse(json("""
                {"dataset": "digits", "method": {"name": "byol"}, "epochs": 2,
                 "augmentation": {"recipe": "weak", "view2": {"flip_prob": 0.3}}}
                """), new DatasetFacts(false), errors);

        assertThat(spec).isNull();
        assertThat(errors).extracting(FieldError::field).containsExactly("augmentation.view2.flip_prob");
        assertThat(errors.get(0).message()).contains("hflip_preserves_labels");
    }

    @Test
    void aRunThatTrainsNeedsOneWholeBatchOfTheDatasetsTrainingImages() throws Exception {
        DatasetFacts small = new DatasetFacts(true, 200);
        List<FieldError> errors = new ArrayList<>();

        assertThat(SpecParser.parse(json("""
                {"dataset": "tiny", "method": {"name": "simclr"}, "epochs": 2}
                """), small, errors)).isNull();
        assertThat(errors).extracting(FieldError::field).containsExactly("batch_size");
        assertThat(errors.get(0).message()).isEqualTo(
                "must be at most the 200 training images of dataset tiny (a run that trains needs one whole batch)");

        assertThat(SpecParser.parse(json("""
                {"dataset": "tiny", "method": {"name": "simclr"}, "epochs": 2, "batch_size": 200}
                """), small).batchSize()).isEqualTo(200);
        // The baselines that do not train have no batches.
        assertThat(SpecParser.parse(json("""
                {"dataset": "tiny", "method": {"name": "raw-pixels"}, "epochs": 1}
                """), small).batchSize()).isEqualTo(256);
        // Where the size is not known (an offline run), the runner checks it on the files.
        assertThat(SpecParser.parse(json("""
                {"dataset": "tiny", "method": {"name": "simclr"}, "epochs": 2}
                """), new DatasetFacts(true)).batchSize()).isEqualTo(256);
    }

    @Test
    void hashesIgnoreKeyOrderAndSpellingOfDefaults() throws Exception {
        RunSpec a = SpecParser.parse(json("""
                {"dataset": "d1", "method": {"name": "simclr"}, "epochs": 3, "seed": 1}
                """));
        RunSpec b = SpecParser.parse(json("""
                {"seed": 1, "epochs": 3.0, "method": {"params": {"temperature": 0.2}, "name": "simclr"},
                 "backbone": "convnet-s", "dataset": "d1", "priority": 5, "resources": {"gpus": 2}}
                """));

        assertThat(SpecJson.runHash(a, CHECKSUM)).isEqualTo(SpecJson.runHash(b, CHECKSUM));
        assertThat(SpecJson.configHash(a, CHECKSUM)).isEqualTo(SpecJson.configHash(b, CHECKSUM));
        assertThat(SpecJson.runHash(a, CHECKSUM)).hasSize(64).matches("[0-9a-f]+");
    }

    /** The platform hashes a run from the canonical tree it stores; the runner from the spec: one hash. */
    @Test
    void hashesFromTheCanonicalTreeAreTheSpecsHashesAndLeaveTheTreeAlone() throws Exception {
        RunSpec spec = SpecParser.parse(json("""
                {"dataset": "d1", "method": {"name": "byol"}, "epochs": 3, "seed": 9, "priority": 2,
                 "resources": {"gpus": 1, "labels": ["a100"]}}
                """));
        ObjectNode canonical = SpecJson.canonical(spec);
        String stored = SpecJson.write(canonical);

        SpecJson.Hashes hashes = SpecJson.hashes(canonical, CHECKSUM);

        assertThat(hashes.runHash()).isEqualTo(SpecJson.runHash(spec, CHECKSUM));
        assertThat(hashes.configHash()).isEqualTo(SpecJson.configHash(spec, CHECKSUM));
        assertThat(SpecJson.write(canonical)).isEqualTo(stored);
    }

    /**
     * The hashes of a spec never change across versions: a succeeded run is reused by its run hash,
     * and tables, notes and comparisons name configs by theirs. Pinned values, from the first release
     * of this canonical form; a change to them is a change of every stored run's identity.
     */
    @Test
    void theHashesOfASpecArePinned() throws Exception {
        RunSpec spec = SpecParser.parse(json("""
                {"dataset": "d1", "method": {"name": "swav", "params": {"num_prototypes": 30}}, "epochs": 3,
                 "max_steps_per_epoch": 5, "augmentation": {"params": {"flip_prob": 0}, "view2": {"blur_prob": 0.5}},
                 "optimizer": {"lr": 0.125}, "resources": {"gpus": 1, "labels": ["b", "a"]}, "priority": 4, "seed": 7}
                """));

        SpecJson.Hashes hashes = SpecJson.hashes(SpecJson.canonical(spec), CHECKSUM);

        assertThat(hashes.configHash()).isEqualTo("dbb13ffb851e36b9056e7186c65d8ddc34ba05f5f2da4036f22b02699701f4f7");
        assertThat(hashes.runHash()).isEqualTo("79928f3f47936808aa845ec202c4de550627500d4befe6c374b33c0393e8d29b");
        assertThat(SpecJson.configHash(spec, CHECKSUM)).isEqualTo(hashes.configHash());
        assertThat(SpecJson.runHash(spec, CHECKSUM)).isEqualTo(hashes.runHash());

        // DAE of the Fashion-MNIST benchmark table (bench/tables/fashion-mnist*/table.md: config d62bae0dbfa7).
        RunSpec dae = SpecParser.parse(json("""
                {"dataset": "fashion-mnist", "backbone": "convnet-s", "method": {"name": "dae"}, "epochs": 2, "batch_size": 256,
                 "schedule": {"kind": "cosine", "warmup_epochs": 0.5}, "checkpoint": {"keep_last": 2, "every_epochs": 2},
                 "evaluation": {"protocols": ["knn/v1", "linear-probe/v1", "label-efficiency/v1"], "knn_every_epochs": 2}, "seed": 1}
                """));
        assertThat(SpecJson.hashes(SpecJson.canonical(dae), "c20fcf0d5fee5bf02136cfedf09cbebaf07b0112567622f34dd14c1c75b73d8d")
                .configHash()).startsWith("d62bae0dbfa7");
    }

    @Test
    void aSeedTemplateWithASeedIsTheTextOfTheSpecWithThatSeed() throws Exception {
        // The seed in the middle of a submitted spec, a nested "seed" that is not the run's, doubles and a negative seed.
        ObjectNode submitted = (ObjectNode) json("""
                {"dataset": "d1", "seed": 7, "method": {"name": "swav", "params": {"seed": 3}}, "optimizer": {"lr": 1.0E-4}}
                """);
        SpecJson.SeedTemplate template = SpecJson.seedTemplate(submitted);
        for (long seed : new long[] {0, 7, -12, Long.MAX_VALUE}) {
            assertThat(template.withSeed(seed)).isEqualTo(submitted.deepCopy().put("seed", seed).toString());
        }

        RunSpec spec = SpecParser.parse(json("{\"dataset\": \"d1\", \"method\": {\"name\": \"byol\"}, \"epochs\": 2, \"seed\": 5}"));
        ObjectNode canonical = SpecJson.canonical(spec);
        assertThat(SpecJson.seedTemplate(canonical).withSeed(5)).isEqualTo(canonical.toString());
        // each seed's run hash from the one text of its configuration, as a sweep computes it
        for (long seed : new long[] {5, 6}) {
            RunSpec withSeed = SpecParser.parse(json("{\"dataset\": \"d1\", \"method\": {\"name\": \"byol\"}, \"epochs\": 2, \"seed\": "
                    + seed + "}"));
            assertThat(SpecJson.runHash(SpecJson.runHashText(canonical, CHECKSUM), seed))
                    .isEqualTo(SpecJson.runHash(withSeed, CHECKSUM));
        }
        assertThatThrownBy(() -> SpecJson.seedTemplate((ObjectNode) json("{\"dataset\": \"d1\"}")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The config hash covers the run hash's text without the seed field, wherever the seed sorts. */
    @Test
    void theConfigHashOfARunHashTextIsTheHashOfThatTextWithoutItsSeedField() throws Exception {
        assertThat(SpecJson.configHash(new SpecJson.SeedTemplate("{\"seed\":", ",\"z\":1}"))).isEqualTo(sha256("{\"z\":1}"));
        assertThat(SpecJson.configHash(new SpecJson.SeedTemplate("{\"a\":[1,2],\"seed\":", ",\"z\":{\"seed\":2}}")))
                .isEqualTo(sha256("{\"a\":[1,2],\"z\":{\"seed\":2}}"));
        assertThat(SpecJson.configHash(new SpecJson.SeedTemplate("{\"a\":1,\"seed\":", "}"))).isEqualTo(sha256("{\"a\":1}"));
        assertThat(SpecJson.configHash(new SpecJson.SeedTemplate("{\"seed\":", "}"))).isEqualTo(sha256("{}"));

        RunSpec spec = SpecParser.parse(json("{\"dataset\": \"d1\", \"method\": {\"name\": \"dino\"}, \"epochs\": 2, \"seed\": 5}"));
        ObjectNode canonical = SpecJson.canonical(spec);
        assertThat(SpecJson.configHash(canonical, CHECKSUM))
                .isEqualTo(sha256(SpecJson.write(SpecJson.configContent(canonical, CHECKSUM))));
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theSeedChangesOnlyTheRunHashAndTheDataChangesBoth() throws Exception {
        RunSpec seed1 = SpecParser.parse(json("{\"dataset\": \"d1\", \"method\": {\"name\": \"vicreg\"}, \"epochs\": 3, \"seed\": 1}"));
        RunSpec seed2 = SpecParser.parse(json("{\"dataset\": \"d1\", \"method\": {\"name\": \"vicreg\"}, \"epochs\": 3, \"seed\": 2}"));

        assertThat(SpecJson.configHash(seed1, CHECKSUM)).isEqualTo(SpecJson.configHash(seed2, CHECKSUM));
        assertThat(SpecJson.runHash(seed1, CHECKSUM)).isNotEqualTo(SpecJson.runHash(seed2, CHECKSUM));
        String otherData = "cd".repeat(32);
        assertThat(SpecJson.configHash(seed1, otherData)).isNotEqualTo(SpecJson.configHash(seed1, CHECKSUM));
        assertThat(SpecJson.runHash(seed1, otherData)).isNotEqualTo(SpecJson.runHash(seed1, CHECKSUM));
    }

    @Test
    void listsEveryBadFieldAtOnce() throws Exception {
        List<FieldError> errors = new ArrayList<>();
        RunSpec spec = SpecParser.parse(json("""
                {"dataset": "Bad Name", "backbone": "vit-h", "method": {"name": "simclr", "params": {"temprature": 1}},
                 "epochs": 0, "batch_size": 0, "optimizer": {"lr": -1}, "colour": "blue",
                 "evaluation": {"protocols": ["knn/v2"]}, "resources": {"labels": ["ok", "NOT OK"]}}
                """), DatasetFacts.DEFAULT, errors);

        assertThat(spec).isNull();
        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder(
                "colour", "dataset", "backbone", "method.params.temprature", "epochs", "batch_size",
                "optimizer.lr", "evaluation.protocols[0]", "resources.labels[1]");
        assertThat(errors).filteredOn(e -> e.field().equals("backbone")).singleElement()
                .extracting(FieldError::message).asString().contains("convnet-s", "resnet18-cifar");
    }

    @Test
    void namesTheAllowedMethodsWhenTheMethodIsUnknown() throws Exception {
        assertThatThrownBy(() -> SpecParser.parse(json("{\"dataset\": \"d\", \"method\": {\"name\": \"clip\"}, \"epochs\": 1}")))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.errors()).singleElement()
                        .satisfies(err -> {
                            assertThat(err.field()).isEqualTo("method.name");
                            assertThat(err.message()).contains("simclr", "moco-v2", "dino", "mae", "random-init");
                        }));
    }

    @Test
    void rejectsAbsurdNumbersAndWrongTypes() throws Exception {
        List<FieldError> errors = new ArrayList<>();
        SpecParser.parse(json("""
                {"dataset": 5, "method": "simclr", "epochs": 1000000000, "seed": -1, "priority": "high",
                 "max_steps_per_epoch": 2.5, "schedule": {"warmup_epochs": 1e308}}
                """), DatasetFacts.DEFAULT, errors);

        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder(
                "dataset", "method", "epochs", "seed", "priority", "max_steps_per_epoch", "schedule.warmup_epochs");
    }

    @Test
    void maeOnAVisionTransformerNeedsTheTransformersPatchSize() throws Exception {
        assertThatThrownBy(() -> SpecParser.parse(json("""
                {"dataset": "d", "backbone": "vit-tiny", "epochs": 1,
                 "method": {"name": "mae", "params": {"patch_size": 7}}}
                """)))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.errors()).singleElement()
                        .satisfies(err -> {
                            assertThat(err.field()).isEqualTo("method.params.patch_size");
                            assertThat(err.message()).contains("vit-tiny", "(4)", "got 7");
                        }));
        RunSpec vit = SpecParser.parse(json("""
                {"dataset": "d", "backbone": "vit-tiny", "epochs": 1, "method": {"name": "mae"}}
                """));
        assertThat(vit.backbone()).isEqualTo(Backbone.VIT_TINY);
        RunSpec convnet = SpecParser.parse(json("""
                {"dataset": "d", "epochs": 1, "method": {"name": "mae", "params": {"patch_size": 7}}}
                """));
        assertThat(convnet.method().params().getInt("patch_size")).as("any divisor on a ConvNet").isEqualTo(7);
    }

    @Test
    void dinoLocalCropsOnAVisionTransformerAreWholePatches() throws Exception {
        assertThatThrownBy(() -> SpecParser.parse(json("""
                {"dataset": "d", "backbone": "vit-tiny", "epochs": 1,
                 "method": {"name": "dino", "params": {"local_crops": 2, "local_crop_size": 14}}}
                """)))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.errors()).singleElement()
                        .satisfies(err -> {
                            assertThat(err.field()).isEqualTo("method.params.local_crop_size");
                            assertThat(err.message()).contains("vit-tiny", "(4)", "got 14");
                        }));
        assertThat(SpecParser.parse(json("""
                {"dataset": "d", "backbone": "vit-tiny", "epochs": 1,
                 "method": {"name": "dino", "params": {"local_crops": 2, "local_crop_size": 16}}}
                """)).method().params().getInt("local_crop_size")).isEqualTo(16);
        assertThat(SpecParser.parse(json("""
                {"dataset": "d", "epochs": 1, "method": {"name": "dino", "params": {"local_crops": 2, "local_crop_size": 14}}}
                """)).method().params().getInt("local_crop_size")).as("any size on a ConvNet").isEqualTo(14);
    }
}
