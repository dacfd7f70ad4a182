package dev.umbra.runner.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.umbra.client.dto.EvalResultDto;
import dev.umbra.client.spec.RunSpec;
import dev.umbra.client.spec.SpecJson;
import dev.umbra.runner.augment.Normalization;
import dev.umbra.runner.augment.ViewAugmenter;
import dev.umbra.runner.checkpoint.Checkpoint;
import dev.umbra.runner.checkpoint.CheckpointMeta;
import dev.umbra.runner.checkpoint.CheckpointStore;
import dev.umbra.runner.checkpoint.EncoderFile;
import dev.umbra.runner.data.Dataset;
import dev.umbra.runner.data.EpochOrder;
import dev.umbra.runner.data.ImageSplit;
import dev.umbra.runner.data.LabelSubsets;
import dev.umbra.runner.engine.EngineSetup;
import dev.umbra.runner.engine.Environment;
import dev.umbra.runner.engine.Seeds;
import dev.umbra.runner.method.LocalViews;
import dev.umbra.runner.method.MethodSetup;
import dev.umbra.runner.method.Methods;
import dev.umbra.runner.method.SslMethod;
import dev.umbra.runner.method.TrainingStep;
import dev.umbra.runner.method.Views;
import dev.umbra.runner.nn.Backbones;
import dev.umbra.runner.nn.Encoder;
import dev.umbra.runner.nn.Networks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Trains one run: the spec's backbone and method on a dataset, with the shared loop (augmentation,
 * optimizer, schedule, checkpoints, listeners, evaluators). Build with {@link #builder()}, then call
 * {@link #run()} once, on the thread that should do the work.
 *
 * <pre>{@code
 * TrainingResult result = TrainingRun.builder()
 *         .setSpec(spec).setDataset(dataset).setOutputDir(dir)
 *         .optListener(listener).optEvaluator(evaluator).optResumeFrom(checkpoint)
 *         .build().run();
 * }</pre>
 *
 * <p>Outputs under the output directory: {@code checkpoints/checkpoint-e<epoch>-s<step>.ckpt},
 * {@code encoder.safetensors} (after a complete run) and {@code result.json}.
 */
public final class TrainingRun {

    /** Progress lines are logged at most this often (and at every epoch end). */
    private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;
    /** Batch size of frozen-feature extraction (inference only, so larger than training's). */
    private static final int FEATURE_BATCH = 512;

    private final RunSpec spec;
    private final Dataset dataset;
    private final Path outputDir;
    private final List<TrainingListener> listeners;
    private final List<RunEvaluator> evaluators;
    private final Path resumeFrom;
    private final Device device;
    private final Map<String, Object> environment;

    private TrainingRun(Builder b) {
        this.spec = Objects.requireNonNull(b.spec, "setSpec");
        this.dataset = Objects.requireNonNull(b.dataset, "setDataset");
        this.outputDir = Objects.requireNonNull(b.outputDir, "setOutputDir");
        this.listeners = List.copyOf(b.listeners);
        this.evaluators = List.copyOf(b.evaluators);
        this.resumeFrom = b.resumeFrom;
        this.device = b.device;
        this.environment = b.environment;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Trains (or resumes) to the end or to a stop request; writes checkpoints and {@code result.json}. */
    public TrainingResult run() {
        EngineSetup.prepare(null);
        Engine engine = Engine.getEngine("PyTorch");
        Device runDevice = device != null ? device : EngineSetup.device(spec.resources().gpus());
        boolean gradMode = JniUtils.isGradMode();
        // Recording is off outside the step's gradient collector (PyTorch's default is on), so that
        // optimizer updates and evaluation build no graph. The mode is per thread.
        JniUtils.setGradMode(false);
        try (NDManager manager = NDManager.newBaseManager(runDevice, engine.getEngineName())) {
            return new Session(engine, manager, runDevice).run();
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /** The state of one {@link #run()}. */
    private final class Session {
        private final long wallStart = System.nanoTime();
        private final Engine engine;
        private final NDManager manager;
        private final Device device;
        private final ImageSplit train;
        private final int stepsPerEpoch;
        private final long totalSteps;
        private final Encoder encoder;
        private final SslMethod method;
        private final ParameterStore parameterStore;
        private final Optimizer optimizer;
        private final Map<String, NDArray> state = new LinkedHashMap<>();
        /** The state a forward pass changes in place (batch-norm running statistics). */
        private final List<NDArray> runningStatistics = new ArrayList<>();
        private final Normalization normalization;
        private final ViewAugmenter view1;
        private final ViewAugmenter view2;
        /** Null when the method asks for no local views. */
        private final ViewAugmenter localView;
        private final int localViewCount;
        private final LearningRateSchedule schedule;
        private final CheckpointStore checkpoints;
        private final String runHash;
        private final Map<String, Object> environment;

        private NDArray images;
        private NDArray labels;
        private int epoch;
        private int step;
        private long globalStep;
        private long trainNanos;
        private long imagesSeen;
        private double lastEpochLoss = Double.NaN;
        /** The evaluators' metrics after the last whole epoch (collapse diagnostics, kNN), for the result. */
        private Map<String, Double> lastEpochEvaluation = Map.of();
        private double epochLossSum;
        private int epochSteps;
        private long epochNanos;
        private long epochAugmentNanos;
        private double lastLr;
        private long lastLog = System.nanoTime();

        Session(Engine engine, NDManager manager, Device device) {
            this.engine = engine;
            this.manager = manager;
            this.device = device;
            this.train = dataset.train();
            this.method = Methods.create(spec.method().name());
            this.stepsPerEpoch = EpochOrder.stepsPerEpoch(train.size(), spec.batchSize(), spec.maxStepsPerEpoch());
            // A baseline that does not train (random-init, raw-pixels) has no batches: any dataset size will do.
            if (stepsPerEpoch == 0 && method.trains()) {
                throw new IllegalArgumentException("batch_size " + spec.batchSize() + " exceeds the " + train.size()
                        + " training images of " + dataset.name());
            }
            this.totalSteps = (long) stepsPerEpoch * spec.epochs();
            this.runHash = SpecJson.runHash(spec, dataset.checksum());
            this.environment = TrainingRun.this.environment != null ? TrainingRun.this.environment
                    : Environment.capture(device, dataset.checksum());

            engine.setRandomSeed((int) Seeds.derive(spec.seed(), 0, -1, Seeds.Stream.INIT));
            Shape imageShape = train.imageShape();
            this.encoder = Networks.initialize(Backbones.create(spec.backbone()), manager,
                    new Shape(2).addAll(imageShape));
            method.build(new MethodSetup(spec, encoder, imageShape, dataset.numClasses(), stepsPerEpoch, manager, device));
            this.parameterStore = new ParameterStore(manager, false);

            List<TrainableParameter> trainable = new ArrayList<>();
            collect("encoder/", encoder, trainable);
            for (Map.Entry<String, Block> b : new TreeMap<>(method.blocks()).entrySet()) {
                collect("method/" + b.getKey() + "/", b.getValue(), trainable);
            }
            new TreeMap<>(method.buffers()).forEach((name, array) -> state.put("buffer/" + name, array));
            this.optimizer = Optimizers.create(spec.optimizer(), trainable);
            optimizer.state().forEach((name, array) -> state.put("optimizer/" + name, array));

            float[][] stats = train.channelStats();
            this.normalization = new Normalization(stats[0], stats[1]);
            this.view1 = new ViewAugmenter(spec.augmentation().view1(), normalization);
            this.view2 = new ViewAugmenter(spec.augmentation().view2(), normalization);
            LocalViews local = method.localViews();
            this.localViewCount = local.count();
            this.localView = local.count() == 0 ? null : ViewAugmenter.local(spec.augmentation().view2(), normalization,
                    local.scaleMin(), local.scaleMax(), local.size());
            this.schedule = new LearningRateSchedule(spec.schedule(), spec.optimizer().lr(), stepsPerEpoch, spec.epochs());
            this.checkpoints = new CheckpointStore(outputDir.resolve("checkpoints"), spec.checkpoint().keepLast());
        }

        /** Registers every parameter of {@code block} in the checkpoint state, and the trainable ones for the optimizer. */
        private void collect(String prefix, Block block, List<TrainableParameter> trainable) {
            boolean exclude = spec.optimizer().excludeBiasAndNorm();
            for (Pair<String, Parameter> p : block.getParameters()) {
                String name = prefix + p.getKey();
                state.put(name, p.getValue().getArray());
                if (!Networks.isLearned(p.getValue())) {
                    runningStatistics.add(p.getValue().getArray());
                }
                if (p.getValue().requiresGradient()) {
                    trainable.add(new TrainableParameter(name, p.getValue(),
                            !(exclude && TrainableParameter.isBiasOrNorm(p.getValue()))));
                }
            }
        }

        TrainingResult run() {
            if (resumeFrom != null) {
                resume(resumeFrom);
            }
            log(String.format(Locale.ROOT, "%s on %s: %s, %d training images, %d steps/epoch x %d epochs, batch %d,"
                            + " %s, %,d encoder parameters", spec.method().name().id(), dataset.name(),
                    spec.backbone().id(), train.size(), stepsPerEpoch, spec.epochs(), spec.batchSize(), device,
                    Networks.parameterCount(encoder)));
            if (!method.trains()) {
                checkpoint();
                return finish(RunStatus.SUCCEEDED, null);
            }
            images = train.images(manager);
            labels = train.labels(manager);
            while (epoch < spec.epochs()) {
                Optional<RunStatus> stop = trainEpoch();
                if (stop.isPresent()) {
                    checkpoint();
                    return finish(stop.get(), "stop requested: " + stop.get());
                }
                Map<String, Double> metrics = epochMetrics();
                epoch++;
                step = 0;
                EvaluationContext context = evaluate(metrics);
                // The epoch's metrics go to the listeners before the checkpoint that follows them, so a
                // listener that ships both can make the metrics durable first (a run resumed from that
                // checkpoint never trains this epoch again, and would never report it).
                listeners.forEach(l -> l.onEpoch(epoch - 1, metrics));
                boolean checkpointDue = epoch % spec.checkpoint().everyEpochs() == 0 || epoch == spec.epochs();
                if (checkpointDue || context.stopRequested().isPresent()) {
                    checkpoint();
                }
                if (context.stopRequested().isPresent()) {
                    return finish(context.stopRequested().get(), context.stopReason());
                }
            }
            return finish(RunStatus.SUCCEEDED, null);
        }

        /** Trains the rest of the current epoch; returns a stop request if one came. */
        private Optional<RunStatus> trainEpoch() {
            int[] order = EpochOrder.permutation(train.size(), spec.seed(), epoch);
            if (step == 0) {
                // A resumed epoch keeps the sums of its steps before the checkpoint.
                epochLossSum = 0;
                epochSteps = 0;
                epochNanos = 0;
                epochAugmentNanos = 0;
            }
            while (step < stepsPerEpoch) {
                long start = System.nanoTime();
                lastLr = schedule.at(globalStep);
                float loss = trainStep(order, lastLr);
                long elapsed = System.nanoTime() - start;
                step++;
                globalStep++;
                trainNanos += elapsed;
                epochNanos += elapsed;
                imagesSeen += spec.batchSize();
                epochLossSum += loss;
                epochSteps++;
                reportStep(loss);
                for (TrainingListener l : listeners) {
                    Optional<RunStatus> stop = l.shouldStop();
                    if (stop.isPresent()) {
                        return stop;
                    }
                }
            }
            lastEpochLoss = epochLossSum / Math.max(epochSteps, 1);
            return Optional.empty();
        }

        /** One optimizer step; every array it creates is closed before it returns. */
        private float trainStep(int[] order, double lr) {
            try (NDManager stepManager = manager.newSubManager(); NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                int batch = spec.batchSize();
                long[] indices = new long[batch];
                for (int i = 0; i < batch; i++) {
                    indices[i] = order[step * batch + i];
                }
                NDArray index = stepManager.create(indices);
                NDArray raw = images.get(index);
                raw.attach(stepManager);
                NDArray y = labels.get(index);
                y.attach(stepManager);
                long augmentStart = System.nanoTime();
                NDArray v1 = view1.apply(raw, Seeds.random(spec.seed(), epoch, step, Seeds.Stream.VIEW_1));
                NDArray v2 = method.views() > 1
                        ? view2.apply(raw, Seeds.random(spec.seed(), epoch, step, Seeds.Stream.VIEW_2)) : null;
                List<NDArray> locals = new ArrayList<>(localViewCount);
                SplittableRandom localRandom = Seeds.random(spec.seed(), epoch, step, Seeds.Stream.LOCAL_VIEWS);
                for (int i = 0; i < localViewCount; i++) {
                    locals.add(localView.apply(raw, localRandom));
                }
                // Exact on the CPU, where operations run synchronously; on a GPU this is launch time only.
                epochAugmentNanos += System.nanoTime() - augmentStart;
                TrainingStep context = new TrainingStep(stepManager, parameterStore, encoder, epoch, step, globalStep,
                        totalSteps, spec.seed());
                method.beforeForward(context);
                Views views = new Views(v1, v2, y, locals);
                GradientPass.Outcome pass = gradientPass(() -> method.loss(context, views), lr);
                if (pass.recomputations() > 0) {
                    log(String.format(Locale.ROOT, "epoch %d, step %d: the loss or its gradients came out non-finite; "
                            + "computed again %d time(s), finite then (a libtorch CPU fault, see the architecture notes)",
                            epoch, step, pass.recomputations()));
                }
                method.beforeUpdate(context);
                optimizer.step(lr, globalStep + 1);
                method.afterUpdate(context);
                return pass.loss();
            }
        }

        /** {@link GradientPass#run} for this step, its divergence told as the loss's is. */
        private GradientPass.Outcome gradientPass(Supplier<NDArray> forward, double lr) {
            try {
                return GradientPass.run(engine, (int) Seeds.derive(spec.seed(), epoch, step, Seeds.Stream.ENGINE), forward,
                        optimizer, runningStatistics);
            } catch (NonFiniteStepException e) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "the loss or its gradients became non-finite at epoch %d, step %d (lr %.4g), in %d passes: "
                                + "lower the learning rate", epoch, step, lr, GradientPass.ATTEMPTS), e);
            }
        }

        private void reportStep(double loss) {
            double secondsPerStep = trainNanos / 1e9 / Math.max(1, stepsTimed());
            double imagesPerSec = epochSteps * (double) spec.batchSize() / Math.max(epochNanos / 1e9, 1e-9);
            double eta = (totalSteps - globalStep) * secondsPerStep;
            TrainingListener.StepProgress progress = new TrainingListener.StepProgress(epoch, step - 1, globalStep - 1,
                    totalSteps, loss, lastLr, imagesPerSec, eta);
            listeners.forEach(l -> l.onStep(progress));
            long now = System.nanoTime();
            if (now - lastLog >= LOG_INTERVAL_NANOS) {
                lastLog = now;
                log(String.format(Locale.ROOT, "epoch %d/%d step %d/%d loss %.4f lr %.4g %.0f img/s ETA %s",
                        epoch + 1, spec.epochs(), step, stepsPerEpoch, loss, lastLr, imagesPerSec, duration(eta)));
            }
        }

        /** The steps {@code trainNanos} measured (over every attempt: a checkpoint carries both). */
        private long stepsTimed() {
            return imagesSeen / spec.batchSize();
        }

        private Map<String, Double> epochMetrics() {
            Map<String, Double> metrics = new LinkedHashMap<>();
            if (epochSteps > 0) {
                metrics.put("train/loss", lastEpochLoss);
                metrics.put("train/lr", lastLr);
                metrics.put("train/images_per_s", epochSteps * (double) spec.batchSize() / (epochNanos / 1e9));
                metrics.put("train/epoch_seconds", epochNanos / 1e9);
                metrics.put("train/augment_share", (double) epochAugmentNanos / epochNanos);
            }
            log(String.format(Locale.ROOT, "epoch %d/%d done: loss %.4f, %.0f img/s", epoch + 1, spec.epochs(),
                    lastEpochLoss, metrics.getOrDefault("train/images_per_s", 0.0)));
            return metrics;
        }

        /** Runs every evaluator's per-epoch hook; their metrics join {@code metrics}. */
        private EvaluationContext evaluate(Map<String, Double> metrics) {
            try (NDManager evalManager = manager.newSubManager()) {
                EvaluationContext context = context(evalManager);
                Map<String, Double> evaluated = new LinkedHashMap<>();
                for (RunEvaluator evaluator : evaluators) {
                    evaluated.putAll(evaluator.afterEpoch(context));
                }
                metrics.putAll(evaluated);
                lastEpochEvaluation = evaluated;
                return context;
            }
        }

        private EvaluationContext context(NDManager evalManager) {
            FeatureExtractor features = method.evaluatesEncoder()
                    ? new FeatureExtractor(encoder, parameterStore, normalization, FEATURE_BATCH)
                    : FeatureExtractor.pixels(train.imageShape(), normalization, FEATURE_BATCH);
            return new EvaluationContext(spec, dataset, epoch, features, evalManager, this::heldOutViews,
                    progress -> listeners.forEach(l -> l.onEvaluation(progress)));
        }

        /** A fixed class-balanced sample of the test images in two augmented views, drawn the same way at every epoch. */
        private NDArray[] heldOutViews(NDManager target) {
            ImageSplit heldOut = LabelSubsets.balancedSample(dataset.test(), dataset.numClasses(),
                    EvaluationContext.HELD_OUT_SIZE);
            NDArray raw = heldOut.images(target);
            return new NDArray[] {
                view1.apply(raw, Seeds.random(spec.seed(), -1, 0, Seeds.Stream.HELD_OUT)),
                view2.apply(raw, Seeds.random(spec.seed(), -1, 1, Seeds.Stream.HELD_OUT))
            };
        }

        private void checkpoint() {
            CheckpointMeta meta = new CheckpointMeta(CheckpointStore.FORMAT_VERSION, spec.method().name().id(),
                    spec.backbone().id(), runHash, epoch, step, globalStep, new CheckpointMeta.Totals(epochLossSum,
                    epochSteps, epochNanos, epochAugmentNanos, lastEpochLoss, lastLr, trainNanos, imagesSeen,
                    evaluators.stream().map(RunEvaluator::state).toList(), lastEpochEvaluation));
            Path file = checkpoints.write(meta, state);
            listeners.forEach(l -> l.onCheckpoint(epoch, file));
        }

        private void resume(Path file) {
            try (NDManager scratch = manager.newSubManager()) {
                Checkpoint checkpoint = CheckpointStore.read(file, scratch);
                CheckpointMeta meta = checkpoint.meta();
                if (!runHash.equals(meta.runHash())) {
                    throw new IllegalStateException(file + " belongs to another run (run hash " + meta.runHash()
                            + ", this run " + runHash + "): same spec, seed and dataset are needed to resume");
                }
                checkpoint.restoreInto(state);
                epoch = meta.nextEpoch();
                step = meta.nextStep();
                globalStep = meta.globalStep();
                CheckpointMeta.Totals totals = meta.totals();
                if (totals != null) {
                    epochLossSum = totals.epochLossSum();
                    epochSteps = totals.epochSteps();
                    epochNanos = totals.epochNanos();
                    epochAugmentNanos = totals.epochAugmentNanos();
                    lastEpochLoss = totals.lastEpochLoss();
                    // Absent from checkpoints written before the result carried it.
                    lastEpochEvaluation = totals.lastEpochEvaluation() == null ? Map.of() : totals.lastEpochEvaluation();
                    lastLr = totals.lastLr();
                    trainNanos = totals.trainNanos();
                    imagesSeen = totals.imagesSeen();
                    if (totals.evaluatorState().size() != evaluators.size()) {
                        throw new IllegalStateException(file + " holds the state of " + totals.evaluatorState().size()
                                + " evaluators, this run has " + evaluators.size());
                    }
                    for (int i = 0; i < evaluators.size(); i++) {
                        evaluators.get(i).restore(totals.evaluatorState().get(i));
                    }
                }
                log("resumed from " + file.getFileName() + " at epoch " + (epoch + 1) + ", step " + step);
            }
        }

        private TrainingResult finish(RunStatus status, String message) {
            List<EvalResultDto> results = new ArrayList<>();
            Path encoderFile = null;
            int epochsDone = method.trains() ? epoch : 0;
            if (status == RunStatus.SUCCEEDED || status == RunStatus.COLLAPSED) {
                if (method.evaluatesEncoder()) {
                    encoderFile = EncoderFile.write(encoder, outputDir.resolve("encoder.safetensors"));
                }
                try (NDManager evalManager = manager.newSubManager()) {
                    EvaluationContext context = context(evalManager);
                    for (RunEvaluator evaluator : evaluators) {
                        long started = System.nanoTime();
                        List<EvalResultDto> evaluated = evaluator.afterTraining(context);
                        results.addAll(evaluated);
                        // Final evaluation can take minutes on a CPU: say what came out, and when.
                        for (EvalResultDto r : evaluated) {
                            log(String.format(Locale.ROOT, "evaluation %s: %s = %.4f", r.protocol(), r.metric(), r.value()));
                        }
                        if (!evaluated.isEmpty()) {
                            log(String.format(Locale.ROOT, "evaluation took %.1f s", (System.nanoTime() - started) / 1e9));
                        }
                    }
                }
            }
            if (message != null) {
                log(message);
            }
            double trainSeconds = trainNanos / 1e9;
            TrainingResult result = new TrainingResult(status, epochsDone, globalStep, lastEpochLoss,
                    trainSeconds > 0 ? imagesSeen / trainSeconds : 0, (System.nanoTime() - wallStart) / 1e9,
                    environment, Map.copyOf(lastEpochEvaluation), List.copyOf(results), CheckpointStore.list(checkpoints.dir()),
                    encoderFile, message);
            result.writeJson(outputDir.resolve("result.json"));
            log(String.format(Locale.ROOT, "%s after %d epochs (%d steps), final loss %.4f, %.0f img/s, %.1f s",
                    status, epochsDone, globalStep, lastEpochLoss, result.imagesPerSec(), result.wallSeconds()));
            return result;
        }

        private void log(String line) {
            listeners.forEach(l -> l.onLog(line));
        }
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    public static final class Builder {
        private RunSpec spec;
        private Dataset dataset;
        private Path outputDir;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private final List<RunEvaluator> evaluators = new ArrayList<>();
        private Path resumeFrom;
        private Device device;
        private Map<String, Object> environment;

        private Builder() {
        }

        public Builder setSpec(RunSpec spec) {
            this.spec = spec;
            return this;
        }

        public Builder setDataset(Dataset dataset) {
            this.dataset = dataset;
            return this;
        }

        /** Where checkpoints, the encoder and {@code result.json} go. */
        public Builder setOutputDir(Path outputDir) {
            this.outputDir = outputDir;
            return this;
        }

        public Builder optListener(TrainingListener listener) {
            listeners.add(listener);
            return this;
        }

        public Builder optEvaluator(RunEvaluator evaluator) {
            evaluators.add(evaluator);
            return this;
        }

        /** Continue from this checkpoint of the same run (same spec, seed and dataset). */
        public Builder optResumeFrom(Path checkpoint) {
            this.resumeFrom = checkpoint;
            return this;
        }

        /** The environment to record, when the caller captured it already (default: captured at the start). */
        public Builder optEnvironment(Map<String, Object> environment) {
            this.environment = environment;
            return this;
        }

        /** Overrides the device chosen from the spec's resources (GPU when asked for and present, else CPU). */
        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        public TrainingRun build() {
            return new TrainingRun(this);
        }
    }
}
