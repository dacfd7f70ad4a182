package dev.umbra.runner.eval;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.umbra.client.dto.EvalResultDto;
import dev.umbra.client.spec.EvalProtocol;
import java.util.List;

/**
 * A versioned evaluation procedure on frozen features: a value object holding every parameter,
 * which travels (as {@link #params()}) with each number it produces.
 *
 * <p>All protocols read the same features, computed once per split: the backbone's pooled output
 * (encoder in eval mode, images without augmentation), or for {@code raw-pixels} the images themselves;
 * {@link ProtocolSuite} records which in each result's {@code features.source}.
 */
public sealed interface EvaluationProtocol permits KnnProtocol, LinearProbeProtocol, LabelEfficiencyProtocol {

    EvalProtocol id();

    /** Every parameter, as stored with each result. */
    ObjectNode params();

    /** Final numbers on {@code test}; {@code train} is the only split anything is fitted or tuned on. */
    default List<EvalResultDto> evaluate(FeatureSet train, FeatureSet test, int epoch) {
        return evaluate(train, test, epoch, new FullLabelProbes());
    }

    /** As above, reusing full-label probe fits that other protocols of the same evaluation made. */
    List<EvalResultDto> evaluate(FeatureSet train, FeatureSet test, int epoch, FullLabelProbes probes);

    /** The protocol an id names, with its fixed parameters. */
    static EvaluationProtocol of(EvalProtocol id) {
        return switch (id) {
            case KNN_V1 -> KnnProtocol.v1();
            case LINEAR_PROBE_V1 -> LinearProbeProtocol.v1();
            case LABEL_EFFICIENCY_V1 -> LabelEfficiencyProtocol.v1();
        };
    }

    /** The feature definition every protocol's parameters start with. */
    static ObjectNode featureParams() {
        ObjectNode features = JsonNodeFactory.instance.objectNode();
        features.put("source", "backbone pooled output");
        features.put("encoder_mode", "eval");
        features.put("augmentation", "none");
        return features;
    }
}
