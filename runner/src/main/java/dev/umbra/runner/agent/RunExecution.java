package dev.umbra.runner.agent;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.umbra.client.ApiProblemException;
import dev.umbra.client.PlatformUnreachableException;
import dev.umbra.client.dto.MetricPoint;
import dev.umbra.client.runner.Completion;
import dev.umbra.client.runner.Heartbeat;
import dev.umbra.client.runner.HeartbeatReply;
import dev.umbra.client.runner.Release;
import dev.umbra.client.runner.RunAssignment;
import dev.umbra.client.runner.RunResults;
import dev.umbra.client.runner.RunnerClient;
import dev.umbra.client.runner.RunnerClient.StaleRunException;
import dev.umbra.client.spec.DatasetFacts;
import dev.umbra.client.spec.RunSpec;
import dev.umbra.client.spec.SpecParser;
import dev.umbra.runner.data.Dataset;
import dev.umbra.runner.engine.EngineSetup;
import dev.umbra.runner.engine.Environment;
import dev.umbra.runner.eval.Evaluators;
import dev.umbra.runner.train.RunStatus;
import dev.umbra.runner.train.StopSignal;
import dev.umbra.runner.train.TrainingListener;
import dev.umbra.runner.train.TrainingResult;
import dev.umbra.runner.train.TrainingRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One claimed run on this runner: fetch the dataset (and the checkpoint to resume from), train with
 * the engine while a heartbeat thread ships progress, metrics and the log tail, upload checkpoints
 * as they land, then report results and complete, or hand the run back on shutdown.
 *
 * <p>While the platform is unreachable, training goes on: metrics wait in a bounded buffer and
 * every call is retried with backoff. If the platform answers that the attempt is stale (the lease
 * was lost and the run reassigned), this runner stops at once and reports nothing more.
 *
 * <p>A checkpoint is uploaded only after every metric point buffered before it was acknowledged:
 * an attempt resumed from it never trains those steps again, so it could never report them.
 * Failures of this machine (a full disk, a read-only file system) are not retried: the run fails
 * with their cause.
 */
final class RunExecution {

    private static final Logger LOG = LoggerFactory.getLogger(RunExecution.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BATCH = 10_000;
    /** After a shutdown request, give the platform this long to take the checkpoint and the release. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(60);

    private final RunnerClient client;
    private final long runnerId;
    private final RunAssignment assignment;
    private final Duration heartbeatEvery;
    private final DatasetCache datasets;
    private final Path runDir;
    private final Device device;

    private final StopSignal stop = new StopSignal();
    private final MetricBuffer metrics = new MetricBuffer(1_000_000);
    private final RunLogBuffer log = new RunLogBuffer();
    private final AtomicReference<TrainingListener.StepProgress> progress = new AtomicReference<>();
    private final AtomicReference<TrainingListener.EvaluationProgress> evaluation = new AtomicReference<>();
    /** Set once training and evaluation are over: uploads and reports follow. */
    private volatile boolean finishing;
    private final AtomicReference<Path> pendingCheckpoint = new AtomicReference<>();
    /** Held while metric points are out of the buffer and not yet acknowledged (a heartbeat, a flush). */
    private final Object shipping = new Object();
    private volatile boolean lost;
    private volatile Instant giveUpAt;
    private volatile boolean environmentSent;
    private volatile Map<String, Object> environment;

    RunExecution(RunnerClient client, long runnerId, RunAssignment assignment, Duration heartbeatEvery,
                 DatasetCache datasets, Path runDir, Device device) {
        this.client = client;
        this.runnerId = runnerId;
        this.assignment = assignment;
        this.heartbeatEvery = heartbeatEvery;
        this.datasets = datasets;
        this.runDir = runDir;
        this.device = device;
    }

    long runId() {
        return assignment.runId();
    }

    /** The runner is shutting down: stop after the current step, checkpoint, hand the run back. */
    void interrupt() {
        if (giveUpAt == null) {
            giveUpAt = Instant.now().plus(SHUTDOWN_GRACE);
        }
        stop.request(RunStatus.INTERRUPTED);
    }

    /** Runs to the end and reports; returns how the run ended here, null when it failed. */
    RunStatus execute() {
        ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(daemon("umbra-heartbeat"));
        ExecutorService uploads = Executors.newSingleThreadExecutor(daemon("umbra-upload"));
        try {
            // Heartbeat from the start: fetching the dataset and starting the engine can outlast a short lease.
            heartbeats.scheduleWithFixedDelay(this::beat, 0, heartbeatEvery.toMillis(), TimeUnit.MILLISECONDS);
            recreate(runDir);
            // The platform resolved the spec against these facts already; parsing under them again refuses
            // a spec that would flip a dataset whose flips change labels, whoever wrote it.
            RunSpec spec = SpecParser.parse(assignment.spec(), new DatasetFacts(assignment.dataset().hflipPreservesLabels(),
                    assignment.dataset().trainCount()));
            Dataset dataset = stopRequested() ? null
                    : retry("fetch the dataset", () -> datasets.load(assignment.dataset(), zip -> client.getDataset(
                            assignment.dataset().checksum(), runId(), runnerId, assignment.attempt(), zip)), this::stopRequested);
            Path resume = dataset == null || stopRequested() ? null : downloadResumeCheckpoint();
            if (lost) {
                return finishLost();
            }
            Optional<RunStatus> early = stop.shouldStop();
            if (early.isPresent()) {
                // Cancelled or shutting down before the first step: nothing to checkpoint, hand it back as is.
                heartbeats.shutdownNow();
                return endStopped(early.get());
            }
            if (dataset == null || (assignment.resumeFrom() != null && resume == null)) {
                return finishLost();
            }
            Device runDevice = device != null ? device : EngineSetup.device(spec.resources().gpus());
            environment = Environment.capture(runDevice, dataset.checksum());

            TrainingRun.Builder builder = TrainingRun.builder().setSpec(spec).setDataset(dataset)
                    .setOutputDir(runDir.resolve("out")).optDevice(runDevice).optEnvironment(environment)
                    .optListener(stop).optListener(new Reporter(uploads));
            Evaluators.forSpec(spec).forEach(builder::optEvaluator);
            if (resume != null) {
                builder.optResumeFrom(resume);
            }
            TrainingResult result = builder.build().run();

            finishing = true;
            heartbeats.shutdown();
            heartbeats.awaitTermination(1, TimeUnit.MINUTES);
            uploads.submit(this::uploadPendingCheckpoint);
            uploads.shutdown();
            uploads.awaitTermination(10, TimeUnit.MINUTES);
            if (lost) {
                return finishLost();
            }
            flush();
            return report(spec, result);
        } catch (StaleRunException e) {
            lost = true;
            return finishLost();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RunStatus.INTERRUPTED;
        } catch (RuntimeException e) {
            LOG.error("run {} failed", runId(), e);
            if (!lost) {
                heartbeats.shutdownNow();
                uploads.shutdownNow();
                complete("FAILED", describe(e)); // which ships the buffered metrics and log first
            }
            return null;
        } finally {
            heartbeats.shutdownNow();
            uploads.shutdownNow();
            deleteQuietly(runDir);
        }
    }

    private boolean stopRequested() {
        return stop.shouldStop().isPresent();
    }

    private RunStatus report(RunSpec spec, TrainingResult result) {
        switch (result.status()) {
            case SUCCEEDED -> {
                if (result.encoderFile() != null) {
                    upload("encoder", "encoder.safetensors", result.encoderFile());
                    Path card = ModelCard.writeBeside(result.encoderFile(), ModelCard.of(spec,
                            assignment.dataset(), assignment.runHash(), result.encoderFile()));
                    upload("encoder", "encoder.safetensors" + ModelCard.FILE_SUFFIX, card);
                }
                upload("report", "result.json", runDir.resolve("out").resolve("result.json"));
                if (!result.evaluation().isEmpty()) {
                    retry("send results", () -> {
                        client.results(runId(), new RunResults(runnerId, assignment.attempt(), result.evaluation()));
                        return true;
                    });
                }
                complete("SUCCEEDED", null);
            }
            case COLLAPSED -> complete("FAILED", "the collapse detector stopped the run: " + result.message());
            case CANCELLED, INTERRUPTED -> endStopped(result.status());
        }
        return lost ? null : result.status();
    }

    /** A cancel completes the run as CANCELLED; a shutdown hands it back to the queue. */
    private RunStatus endStopped(RunStatus status) {
        if (status == RunStatus.CANCELLED) {
            complete("CANCELLED", null);
        } else {
            log.add("handing the run back: the runner is shutting down");
            flush();
            retry("hand the run back", () -> {
                client.release(runId(), new Release(runnerId, assignment.attempt(), "runner shutting down"));
                return true;
            });
        }
        return lost ? null : status;
    }

    private RunStatus finishLost() {
        LOG.warn("run {} attempt {}: this runner no longer holds it; stopped without reporting", runId(),
                assignment.attempt());
        return null;
    }

    private void complete(String status, String error) {
        String reported = error == null ? null : storable(error);
        log.add(storable("completing the run: " + status + (error == null ? "" : ": " + error)));
        flush(); // the last log lines and metric points land before the status does
        retry("complete the run", () -> {
            client.complete(runId(), new Completion(runnerId, assignment.attempt(), status, reported));
            return true;
        });
    }

    private Path downloadResumeCheckpoint() {
        if (assignment.resumeFrom() == null) {
            return null;
        }
        String name = assignment.resumeFrom().name();
        Path file = runDir.resolve("resume").resolve(name);
        Boolean done = retry("download checkpoint " + name, () -> {
            client.getArtifact(runId(), runnerId, assignment.attempt(), "checkpoint", name, file);
            return true;
        }, this::stopRequested);
        LOG.info("run {}: resuming from {}", runId(), name);
        return done == null ? null : file;
    }

    /** The periodic heartbeat: a cancel stops the run; a stale answer means the run is lost. */
    private void beat() {
        if (lost) {
            return;
        }
        synchronized (shipping) {
            List<MetricPoint> batch = metrics.drain(MAX_BATCH);
            RunLogBuffer.Batch lines = log.pending(Heartbeat.MAX_LOG_LINES);
            try {
                HeartbeatReply reply = send(batch, lines);
                if (HeartbeatReply.CANCEL.equals(reply.action())) {
                    stop.request(RunStatus.CANCELLED);
                }
            } catch (StaleRunException e) {
                lost = true;
                stop.request(RunStatus.INTERRUPTED);
            } catch (PlatformUnreachableException e) {
                metrics.putBack(batch);
                LOG.warn("run {}: heartbeat failed, keeping {} metric points for later: {}", runId(), metrics.size(),
                        e.getMessage());
            } catch (ApiProblemException e) {
                LOG.error("run {}: the platform refused a heartbeat; {} metric points dropped: {}", runId(), batch.size(),
                        e.getMessage());
            } catch (RuntimeException e) {
                metrics.putBack(batch);
                LOG.error("run {}: heartbeat failed", runId(), e);
            }
        }
    }

    /**
     * One heartbeat with progress, the log tail, a batch of metrics, log lines not yet acknowledged and,
     * until it got through, the environment.
     */
    private HeartbeatReply send(List<MetricPoint> batch, RunLogBuffer.Batch lines) {
        Map<String, Object> env = environmentSent ? null : environment;
        HeartbeatReply reply = client.heartbeat(runId(), new Heartbeat(runnerId, assignment.attempt(), progressJson(),
                env == null ? null : JSON.valueToTree(env), log.tail(), batch, lines.from(), lines.lines()));
        log.acknowledged(lines);
        if (env != null) {
            environmentSent = true;
        }
        return reply;
    }

    /**
     * Ships every metric point buffered when it starts and every log line not yet acknowledged, each
     * batch acknowledged (a heartbeat's answer) before the next; false when it gave up (the run was
     * lost, or the shutdown grace ran out). Whatever a heartbeat had out of the buffer is back or
     * acknowledged once {@link #shipping} is held.
     */
    private boolean flush() {
        synchronized (shipping) {
            for (int left = metrics.size(); (left > 0 || log.hasPending()) && !lost; ) {
                List<MetricPoint> batch = metrics.drain(Math.min(MAX_BATCH, left));
                RunLogBuffer.Batch lines = log.pending(Heartbeat.MAX_LOG_LINES);
                Boolean sent;
                try {
                    sent = retry("send metrics and log", () -> send(batch, lines) != null);
                } catch (ApiProblemException e) {
                    LOG.error("run {}: the platform refused {} metric points and {} log lines: {}", runId(), batch.size(),
                            lines.lines().size(), e.getMessage());
                    sent = true; // sending them again would be refused again
                    log.acknowledged(lines);
                }
                if (sent == null) {
                    metrics.putBack(batch);
                    return false;
                }
                left -= batch.size();
            }
        }
        if (metrics.dropped() > 0) {
            LOG.warn("run {}: {} metric points were dropped while the platform was unreachable", runId(), metrics.dropped());
        }
        return !lost;
    }

    private void uploadPendingCheckpoint() {
        Path file = pendingCheckpoint.getAndSet(null);
        if (file == null || lost) {
            return;
        }
        if (!Files.exists(file)) {
            return; // pruned by a newer checkpoint, which is pending or uploaded
        }
        if (!flush()) {
            LOG.warn("run {}: checkpoint {} not uploaded: the metrics before it could not be sent", runId(),
                    file.getFileName());
            return;
        }
        upload("checkpoint", file.getFileName().toString(), file);
    }

    private void upload(String kind, String name, Path file) {
        retry("upload " + kind + " " + name, () -> {
            try {
                client.putArtifact(runId(), runnerId, assignment.attempt(), kind, name, file);
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof NoSuchFileException) {
                    return false; // the engine pruned it meanwhile
                }
                throw e;
            }
            return true;
        });
    }

    /**
     * Calls the platform until it answers: unreachable means wait and retry (with backoff, until
     * the shutdown grace ends); stale means the run is lost. Returns null when it gave up. Any other
     * failure (this machine's own, such as a full disk) is thrown: retrying would not cure it.
     */
    private <T> T retry(String what, Supplier<T> call) {
        return retry(what, call, () -> false);
    }

    /** As {@link #retry(String, Supplier)}, and gives up as soon as {@code abandon} holds. */
    private <T> T retry(String what, Supplier<T> call, BooleanSupplier abandon) {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
        BooleanSupplier giveUp = () -> abandon.getAsBoolean() || (giveUpAt != null && Instant.now().isAfter(giveUpAt));
        while (!lost) {
            try {
                return call.get();
            } catch (StaleRunException e) {
                lost = true;
                return null;
            } catch (PlatformUnreachableException e) {
                LOG.warn("run {}: cannot {} yet ({}); retrying", runId(), what, e.getMessage());
                if (!backoff.pause(giveUp)) {
                    LOG.error("run {}: gave up trying to {}: {}", runId(), what, e.getMessage());
                    return null;
                }
            }
        }
        return null;
    }

    private JsonNode progressJson() {
        TrainingListener.StepProgress p = progress.get();
        ObjectNode node = JSON.createObjectNode();
        TrainingListener.EvaluationProgress e = evaluation.get();
        node.put("phase", finishing ? "finishing" : e != null ? "evaluating" : p == null ? "preparing" : "training");
        if (e != null) {
            node.putObject("evaluation").put("stage", e.stage()).put("done", e.done()).put("total", e.total());
        }
        if (p != null) {
            node.put("epoch", p.epoch() + 1);
            node.put("step", p.step() + 1);
            node.put("global_step", p.globalStep() + 1);
            node.put("total_steps", p.totalSteps());
            node.put("fraction", p.totalSteps() == 0 ? 1.0 : (double) (p.globalStep() + 1) / p.totalSteps());
            node.put("loss", Double.isFinite(p.loss()) ? p.loss() : null);
            node.put("lr", p.lr());
            node.put("images_per_sec", p.imagesPerSec());
            node.put("eta_seconds", p.etaSeconds());
        }
        return node;
    }

    /** The error a failed run reports: the message and every cause's (a full disk, say), without repeats. */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(message(e));
        Throwable cause = e.getCause();
        for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
            String more = message(cause);
            if (text.indexOf(more) < 0) {
                text.append(": ").append(more);
            }
        }
        return text.length() > 4000 ? text.substring(0, 4000) : text.toString();
    }

    private static String message(Throwable e) {
        if (e instanceof FileSystemException f && f.getReason() == null) {
            return f.getMessage() + " (" + f.getClass().getSimpleName() + ")"; // the message is only a path
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** What the training thread tells us; quick, never blocking on the network. */
    private final class Reporter implements TrainingListener {
        private final ExecutorService uploads;

        Reporter(ExecutorService uploads) {
            this.uploads = uploads;
        }

        @Override
        public void onStep(StepProgress p) {
            progress.set(p);
            if (Double.isFinite(p.loss())) {
                metrics.add(new MetricPoint("train/loss_step", p.globalStep() + 1, p.loss(), Instant.now()));
            }
        }

        @Override
        public void onEpoch(int epoch, Map<String, Double> values) {
            Instant now = Instant.now();
            values.forEach((key, value) -> {
                if (value != null && Double.isFinite(value)) {
                    metrics.add(new MetricPoint(key, (long) epoch + 1, value, now));
                }
            });
        }

        @Override
        public void onCheckpoint(int epoch, Path file) {
            // Only the newest checkpoint matters: an older one still waiting is skipped. Its upload
            // first flushes every point added so far (this thread added them before this call).
            pendingCheckpoint.set(file);
            uploads.submit(RunExecution.this::uploadPendingCheckpoint);
        }

        @Override
        public void onEvaluation(TrainingListener.EvaluationProgress progress) {
            evaluation.set(progress);
        }

        @Override
        public void onLog(String line) {
            LOG.info("run {}: {}", runId(), line);
            log.add(storable(line));
        }
    }

    /**
     * The platform refuses NUL in text (PostgreSQL cannot store it): a log line or an error that
     * quotes odd input must not cost the run its heartbeat or its report.
     */
    private static String storable(String text) {
        return text.replace('\u0000', '\uFFFD');
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static void recreate(Path dir) {
        deleteQuietly(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", dir, e.getMessage());
        }
    }
}
