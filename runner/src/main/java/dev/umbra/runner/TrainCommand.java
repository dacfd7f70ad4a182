package dev.umbra.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.umbra.client.dto.FieldError;
import dev.umbra.client.spec.DatasetFacts;
import dev.umbra.client.spec.InvalidSpecException;
import dev.umbra.client.spec.RunSpec;
import dev.umbra.client.spec.SpecParser;
import dev.umbra.runner.checkpoint.CheckpointStore;
import dev.umbra.runner.data.Dataset;
import dev.umbra.runner.data.DatasetFormat;
import dev.umbra.runner.data.DatasetResolver;
import dev.umbra.runner.engine.EngineSetup;
import dev.umbra.runner.eval.Evaluators;
import dev.umbra.runner.train.RunStatus;
import dev.umbra.runner.train.StopSignal;
import dev.umbra.runner.train.TrainingListener;
import dev.umbra.runner.train.TrainingResult;
import dev.umbra.runner.train.TrainingRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train --spec spec.json --out DIR}: trains one run locally, prints progress, writes
 * {@code DIR/result.json}, checkpoints under {@code DIR/checkpoints} and the encoder.
 *
 * <p>Exit codes: 0 succeeded, 1 failed, 2 bad spec or arguments, 3 stopped (cancelled, interrupted,
 * collapsed).
 */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train one run locally from a spec file.")
public final class TrainCommand implements Callable<Integer> {

    static final int EXIT_FAILED = 1;
    static final int EXIT_BAD_INPUT = 2;
    static final int EXIT_STOPPED = 3;

    @Spec
    private CommandSpec command;

    @Option(names = "--spec", required = true, description = "the run spec (JSON)")
    private Path specFile;

    @Option(names = "--out", required = true, description = "output directory (checkpoints, encoder, result.json)")
    private Path outputDir;

    @Option(names = "--data-root", description = "where dataset names resolve, as <data-root>/<name> (default: ${DEFAULT-VALUE})",
            defaultValue = "${user.home}/.umbra/datasets")
    private Path dataRoot;

    @Option(names = "--dataset-path", description = "read the dataset from this directory instead of resolving its name")
    private Path datasetPath;

    @Option(names = "--dataset-format", description = "idx, cifar10, cifar100 or image-folder (default: detected)")
    private String datasetFormat;

    @Option(names = "--hflip-changes-labels", description = "the dataset's mirrored images are other classes (digits, "
            + "text): the recipe leaves horizontal flips out, as the platform does for a dataset registered so")
    private boolean hflipChangesLabels;

    @Option(names = "--cache-dir", description = "where the bundled sample is extracted (default: ${DEFAULT-VALUE})",
            defaultValue = "${user.home}/.umbra/cache")
    private Path cacheDir;

    @Option(names = "--resume", description = "a checkpoint file to continue from, or 'auto' for the newest under --out")
    private String resume;

    @Option(names = "--threads", description = "intra-op threads (default: all cores)")
    private Integer threads;

    @Option(names = "--epochs", description = "override the spec's epochs (smoke tests)")
    private Integer epochs;

    @Option(names = "--max-steps-per-epoch", description = "override the spec's max_steps_per_epoch (smoke tests)")
    private Integer maxStepsPerEpoch;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        RunSpec spec;
        try {
            spec = readSpec();
        } catch (InvalidSpecException e) {
            err.println("invalid spec " + specFile + ": " + e.errors().size() + " error(s)");
            for (FieldError error : e.errors()) {
                err.println("  " + error.field() + ": " + error.message());
            }
            err.flush();
            return EXIT_BAD_INPUT;
        } catch (IOException e) {
            err.println("cannot read spec " + specFile + ": " + e.getMessage());
            err.flush();
            return EXIT_BAD_INPUT;
        }
        EngineSetup.prepare(threads);

        StopSignal stop = new StopSignal();
        CountDownLatch finished = new CountDownLatch(1);
        AtomicInteger exitCode = new AtomicInteger(EXIT_STOPPED);
        Thread hook = new Thread(() -> {
            // SIGTERM: let the current step finish and a checkpoint land, then exit with the run's own
            // code (3 when it stopped) rather than the signal's 143, so a supervisor can tell "resumable".
            stop.request(RunStatus.INTERRUPTED);
            try {
                if (finished.await(120, TimeUnit.SECONDS)) {
                    out.flush();
                    err.flush();
                    Runtime.getRuntime().halt(exitCode.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "umbra-train-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Dataset dataset = loadDataset(spec);
            TrainingRun.Builder run = TrainingRun.builder()
                    .setSpec(spec)
                    .setDataset(dataset)
                    .setOutputDir(outputDir)
                    .optListener(stop)

                    .optListener(new TrainingListener() {
                        @Override
                        public void onLog(String line) {
                            out.println(line);
                            out.flush();
                        }
                    });
            Evaluators.forSpec(spec).forEach(run::optEvaluator);
            Path checkpoint = resumeCheckpoint();
            if (checkpoint != null) {
                run.optResumeFrom(checkpoint);
            }
            TrainingResult result = run.build().run();
            out.println("result: " + outputDir.resolve("result.json"));
            out.flush();
            exitCode.set(result.status() == RunStatus.SUCCEEDED ? 0 : EXIT_STOPPED);
        } catch (RuntimeException e) {
            err.println("train failed: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            err.flush();
            exitCode.set(EXIT_FAILED);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already exiting; the hook is running and has been released above.
            }
        }
        return exitCode.get();
    }

    private RunSpec readSpec() throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readString(specFile));
        if (root instanceof ObjectNode object) {
            if (epochs != null) {
                object.put("epochs", epochs);
                if (object.path("schedule").isObject()) {
                    ObjectNode schedule = (ObjectNode) object.get("schedule");
                    if (schedule.path("warmup_epochs").asDouble(0) > epochs) {
                        schedule.put("warmup_epochs", epochs);
                    }
                }
            }
            if (maxStepsPerEpoch != null) {
                object.put("max_steps_per_epoch", maxStepsPerEpoch);
            }
        }
        return SpecParser.parse(root, new DatasetFacts(!hflipChangesLabels));
    }

    private Dataset loadDataset(RunSpec spec) {
        DatasetFormat format = null;
        if (datasetFormat != null) {
            format = DatasetFormat.fromId(datasetFormat).orElseThrow(() -> new IllegalArgumentException(
                    "unknown --dataset-format '" + datasetFormat + "'; allowed: idx, cifar10, cifar100, image-folder"));
        }
        if (datasetPath != null) {
            return DatasetResolver.load(datasetPath, spec.dataset(), format);
        }
        return new DatasetResolver(cacheDir, dataRoot).resolve(spec.dataset());
    }

    private Path resumeCheckpoint() {
        if (resume == null) {
            return null;
        }
        if ("auto".equals(resume)) {
            return CheckpointStore.latest(outputDir.resolve("checkpoints")).orElse(null);
        }
        return Path.of(resume);
    }
}
