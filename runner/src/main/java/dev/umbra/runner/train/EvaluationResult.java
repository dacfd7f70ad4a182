package dev.umbra.runner.train;

import java.util.Map;

/**
 * One number of a versioned evaluation protocol, as it goes into {@code result.json} and later into the
 * API's {@code eval_result} rows.
 *
 * @param protocol   protocol id, e.g. {@code knn/v1}
 * @param parameters every parameter of the protocol (so two numbers are compared only under equal ones)
 * @param metric     e.g. {@code top1}
 * @param epoch      epoch of the encoder evaluated (the last one for final results)
 * @param details    anything else worth keeping (per-class accuracy, timings)
 */
public record EvaluationResult(String protocol, Map<String, Object> parameters, String metric, double value, int epoch,
                               Map<String, Object> details) {
}
