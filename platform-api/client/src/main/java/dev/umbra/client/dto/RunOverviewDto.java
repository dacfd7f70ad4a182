package dev.umbra.client.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run as a table row of the portal: what it is, how far it got, its key hyperparameters, the
 * latest value of each metric series and its headline evaluation results, in one object so a page
 * listing thousands of runs needs one request.
 *
 * @param hyperparameters resolved-spec values by dotted path (e.g. {@code optimizer.lr},
 *                        {@code method.params.temperature}): the paths of the enclosing
 *                        {@link RunOverviewsDto#hyperparameters()} that this run has
 * @param latest          the latest value of every metric series, by key
 * @param results         the evaluation results of the run's last evaluated epoch, per protocol and metric
 * @param resolvedSpec    the whole resolved spec, only when asked for ({@code specs=true}); absent otherwise
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunOverviewDto(long id, long experimentId, RunStatus status, String method, String backbone,
                             String dataset, long seed, String configHash, JsonNode progress,
                             Map<String, JsonNode> hyperparameters, Map<String, Double> latest,
                             List<Result> results, String error, Instant createdAt, Instant startedAt,
                             Instant finishedAt, @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode resolvedSpec) {

    /** One evaluation number and the protocol it comes from. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Result(String protocol, String metric, int epoch, double value) {
    }
}
