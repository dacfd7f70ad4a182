package dev.umbra.runner.eval;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Probes fitted on every labelled training image, shared by the protocols of one evaluation:
 * {@code linear-probe/v1} and the 100 % point of {@code label-efficiency/v1} are the same fit (same
 * standardisation, same indices, same validation carve), which takes minutes on a CPU, so it is
 * done once. Keyed by the probe's parameters; valid for one training split only.
 */
final class FullLabelProbes {

    private final Map<LinearProbeProtocol, LinearProbeProtocol.TrainedProbe> fits = new HashMap<>();

    /** The probe's fit on all rows of the standardised training features, fitted on first use. */
    LinearProbeProtocol.TrainedProbe fit(LinearProbeProtocol probe, FeatureSet standardTrain) {
        return fits.computeIfAbsent(probe, p -> {
            int[] all = new int[standardTrain.size()];
            Arrays.setAll(all, i -> i);
            return p.train(standardTrain, all);
        });
    }
}
