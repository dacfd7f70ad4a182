package dev.umbra.runner.eval;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.umbra.client.dto.EvalResultDto;
import dev.umbra.client.spec.EvalProtocol;
import dev.umbra.runner.data.Dataset;
import dev.umbra.runner.train.EvaluationContext;
import dev.umbra.runner.train.EvaluationResult;
import dev.umbra.runner.train.RunEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the spec's protocols once after training on the final encoder: features of the training and
 * test splits are extracted once (eval mode, no augmentation) and shared by every protocol.
 */
public final class ProtocolSuite implements RunEvaluator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final List<EvaluationProtocol> protocols;

    public ProtocolSuite(List<EvalProtocol> ids) {
        this.protocols = ids.stream().map(EvaluationProtocol::of).toList();
    }

    @Override
    public List<EvaluationResult> afterTraining(EvaluationContext context) {
        if (protocols.isEmpty()) {
            return List.of();
        }
        Dataset dataset = context.dataset();
        FeatureSet train = new FeatureSet(context.features().extract(dataset.train(), context.manager()),
                dataset.train().labels(context.manager()), dataset.numClasses());
        FeatureSet test = new FeatureSet(context.features().extract(dataset.test(), context.manager()),
                dataset.test().labels(context.manager()), dataset.numClasses());
        List<EvaluationResult> results = new ArrayList<>();
        for (EvaluationProtocol protocol : protocols) {
            for (EvalResultDto dto : protocol.evaluate(train, test, context.epochsDone())) {
                results.add(toResult(dto));
            }
        }
        return results;
    }

    /** The training loop's record of the same result (what {@code result.json} holds). */
    static EvaluationResult toResult(EvalResultDto dto) {
        return new EvaluationResult(dto.protocol(), toMap(dto.protocolParams()), dto.metric(), dto.value(), dto.epoch(),
                toMap(dto.details()));
    }

    private static Map<String, Object> toMap(JsonNode node) {
        return node == null ? Map.of() : JSON.convertValue(node, MAP);
    }
}
