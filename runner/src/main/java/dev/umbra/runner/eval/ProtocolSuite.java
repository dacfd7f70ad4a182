package dev.umbra.runner.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.umbra.client.dto.EvalResultDto;
import dev.umbra.client.spec.EvalProtocol;
import dev.umbra.runner.data.Dataset;
import dev.umbra.runner.train.EvaluationContext;
import dev.umbra.runner.train.RunEvaluator;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the spec's protocols once after training on the final encoder: features of the training and
 * test splits are extracted once (eval mode, no augmentation) and shared by every protocol.
 */
public final class ProtocolSuite implements RunEvaluator {

    private final List<EvaluationProtocol> protocols;

    public ProtocolSuite(List<EvalProtocol> ids) {
        this.protocols = ids.stream().map(EvaluationProtocol::of).toList();
    }

    @Override
    public List<EvalResultDto> afterTraining(EvaluationContext context) {
        if (protocols.isEmpty()) {
            return List.of();
        }
        Dataset dataset = context.dataset();
        int stages = protocols.size() + 1;
        context.reportProgress("extracting features", 0, stages);
        FeatureSet train = new FeatureSet(context.features().extract(dataset.train(), context.manager()),
                dataset.train().labels(context.manager()), dataset.numClasses());
        FeatureSet test = new FeatureSet(context.features().extract(dataset.test(), context.manager()),
                dataset.test().labels(context.manager()), dataset.numClasses());
        List<EvalResultDto> results = new ArrayList<>();
        FullLabelProbes probes = new FullLabelProbes();
        for (int i = 0; i < protocols.size(); i++) {
            EvaluationProtocol protocol = protocols.get(i);
            context.reportProgress(protocol.id().id(), i + 1, stages);
            results.addAll(protocol.evaluate(train, test, context.epochsDone(), probes));
        }
        // Protocols describe encoder features by default; a protocol may nest them (label efficiency's probe).
        for (EvalResultDto result : results) {
            for (JsonNode holder : result.protocolParams().findParents("features")) {
                ((ObjectNode) holder.get("features")).put("source", context.features().source());
            }
        }
        return results;
    }
}
