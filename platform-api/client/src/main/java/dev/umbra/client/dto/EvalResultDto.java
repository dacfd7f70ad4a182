package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One evaluation number of a run: what the runner reports and the API returns.
 *
 * <p>The protocol's full parameter set travels with every value, so two numbers are only ever
 * compared under the same procedure. Values are final numbers on the test split (or a per-epoch
 * monitoring value during training), never a best epoch picked on the test split.
 *
 * @param epoch          the epoch of the encoder that was evaluated (its checkpoint's epoch)
 * @param protocol       protocol id, e.g. {@code knn/v1} (see {@code dev.umbra.client.spec.EvalProtocol})
 * @param protocolParams every parameter of the protocol, as JSON
 * @param metric         metric key, e.g. {@code knn/top1} or {@code label-efficiency/top1@1%}
 * @param value          the number (accuracies are fractions in [0, 1])
 * @param details        protocol-specific facts behind the number (chosen L2, per-seed values, ...)
 */
public record EvalResultDto(int epoch, String protocol, JsonNode protocolParams, String metric, double value,
                            JsonNode details) {
}
