package dev.umbra.runner.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.umbra.client.dto.EvalResultDto;
import dev.umbra.client.spec.EvalProtocol;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnnProtocolTest {

    @Test
    void reportsTheHeadlineFirstThenEveryOtherSettingWithItsParameters() {
        try (NDManager manager = NDManager.newBaseManager()) {
            FeatureSet train = Synthetic.clusters(manager, 4, 100, 8, 0.05f, 1);
            FeatureSet test = Synthetic.clusters(manager, 4, 25, 8, 0.05f, 2);

            List<EvalResultDto> results = EvaluationProtocol.of(EvalProtocol.KNN_V1).evaluate(train, test, 12);

            assertThat(results).extracting(EvalResultDto::metric).containsExactly(
                    "knn/top1", "knn/top1@k20_t0.1", "knn/top1@k200_t0.07", "knn/top1@k200_t0.1");
            assertThat(results).extracting(EvalResultDto::value).containsOnly(1.0);
            EvalResultDto headline = results.get(0);
            assertThat(headline.epoch()).isEqualTo(12);
            assertThat(headline.protocol()).isEqualTo("knn/v1");
            assertThat(headline.protocolParams().get("headline").get("k").asInt()).isEqualTo(20);
            assertThat(headline.protocolParams().get("similarity").asText()).isEqualTo("cosine");
            assertThat(headline.details().get("bank_size").asInt()).isEqualTo(400);
        }
    }

    @Test
    void everyProtocolIdHasAVersionOneObject() {
        for (EvalProtocol id : EvalProtocol.values()) {
            assertThat(EvaluationProtocol.of(id).id()).isEqualTo(id);
        }
    }
}
