package dev.umbra.cli;

import dev.umbra.client.dto.SuiteRequest;
import dev.umbra.client.dto.SweepDto;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "suite", description = "Launch the built-in benchmark suite: every method and the three baselines, three seeds.")
final class SuiteCommand extends ApiCommand {

    @Option(names = {"-e", "--experiment"}, required = true, paramLabel = "ID")
    long experiment;

    @Option(names = "--dataset", description = "default: the bundled sample")
    String dataset;

    @Option(names = "--backbone", description = "default: convnet-s")
    String backbone;

    @Option(names = "--epochs")
    Integer epochs;

    @Option(names = "--batch-size", description = "default: 256; a small dataset needs at most its training images")
    Integer batchSize;

    @Option(names = "--max-steps-per-epoch")
    Integer maxSteps;

    @Option(names = "--seeds", split = ",", description = "default: 1,2,3")
    List<Long> seeds;

    @Option(names = "--methods", split = ",", description = "default: every method and the three baselines")
    List<String> methods;

    @Override
    public Integer call() {
        SweepDto sweep = client().launchBenchmarkSuite(experiment,
                new SuiteRequest(null, dataset, backbone, epochs, batchSize, maxSteps, seeds, null, methods));
        out().println("benchmark suite launched as sweep " + sweep.id() + ": " + sweep.totalRuns() + " runs ("
                + sweep.reusedRuns() + " reused); follow it with: umbra watch --sweep " + sweep.id());
        return 0;
    }
}
