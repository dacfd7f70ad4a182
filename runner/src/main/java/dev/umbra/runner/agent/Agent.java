package dev.umbra.runner.agent;

import ai.djl.Device;
import dev.umbra.client.ApiProblemException;
import dev.umbra.client.PlatformUnreachableException;
import dev.umbra.client.runner.Release;
import dev.umbra.client.runner.RunAssignment;
import dev.umbra.client.runner.RunnerClient;
import dev.umbra.client.runner.RunnerRegistered;
import dev.umbra.client.runner.RunnerRegistration;
import dev.umbra.runner.train.RunStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner agent's loop: register, then claim and execute runs until told to stop. A platform
 * outage only delays it (reconnect with backoff); a shutdown lets the current run checkpoint and go
 * back to the queue.
 */
public final class Agent {

    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    private final RunnerClient client;
    private final RunnerRegistration registration;
    private final Path workDir;
    private final DatasetCache datasets;
    private final Device device;
    private final int claimWaitSeconds;
    private final int maxRuns;
    private final Long onlyRun;
    private volatile boolean stopping;
    private volatile RunExecution current;
    /** Guards {@link #claiming}: {@link #stop()} interrupts a pending claim, and nothing else. */
    private final Object claimLock = new Object();
    private Thread claiming;

    /**
     * @param device   null: each run picks its device from its spec
     * @param maxRuns  stop after this many runs (0: never)
     * @param onlyRun  null, or the one run this agent exists for (a pod the Kubernetes launcher started):
     *                 it claims that run only, and stops after it or as soon as it is not claimable
     */
    public Agent(RunnerClient client, RunnerRegistration registration, Path workDir, Path cacheDir, Device device,
                 int claimWaitSeconds, int maxRuns, Long onlyRun) {
        this.client = client;
        this.registration = registration;
        this.workDir = workDir;
        this.datasets = new DatasetCache(cacheDir.resolve("datasets"));
        this.device = device;
        this.claimWaitSeconds = claimWaitSeconds;
        this.maxRuns = onlyRun != null ? 1 : maxRuns;
        this.onlyRun = onlyRun;
    }

    /** Runs until {@link #stop()} or {@code maxRuns} runs; returns how many runs it executed. */
    public int run() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
        RunnerRegistered registered = null;
        while (!stopping && registered == null) {
            try {
                registered = client.register(registration);
            } catch (PlatformUnreachableException e) {
                LOG.warn("cannot reach the platform to register ({}); retrying", e.getMessage());
                if (!backoff.pause(() -> stopping)) {
                    return 0;
                }
            }
        }
        if (registered == null) {
            return 0;
        }
        LOG.info("registered as runner {} ({}), heartbeat every {} s", registered.runnerId(), registration.name(),
                registered.heartbeatSeconds());
        backoff.reset();
        int runs = 0;
        while (!stopping && (maxRuns == 0 || runs < maxRuns)) {
            Optional<RunAssignment> claimed;
            try {
                claimed = claim(registered.runnerId());
                backoff.reset();
            } catch (PlatformUnreachableException e) {
                if (stopping) {
                    break; // the pending claim was abandoned
                }
                LOG.warn("cannot reach the platform to claim work ({}); retrying", e.getMessage());
                if (!backoff.pause(() -> stopping)) {
                    break;
                }
                continue;
            } catch (ApiProblemException e) {
                if (e.status() == 404) {
                    // The platform forgot this runner (e.g. a fresh database): register again.
                    LOG.warn("the platform does not know this runner any more: {}", e.getMessage());
                    registered = client.register(registration);
                    continue;
                }
                throw e;
            }
            if (claimed.isEmpty()) {
                if (onlyRun != null) {
                    // Taken by another runner, cancelled or not yet due: the launcher decides what next.
                    LOG.info("run {} is not waiting for a runner; nothing to do", onlyRun);
                    break;
                }
                continue;
            }
            RunAssignment assignment = claimed.get();
            if (stopping) {
                // The answer came after the stop began: train nothing, give the run back at once.
                release(registered.runnerId(), assignment);
                break;
            }
            LOG.info("claimed run {} (attempt {}{})", assignment.runId(), assignment.attempt(),
                    assignment.resumeFrom() == null ? "" : ", resuming from " + assignment.resumeFrom().name());
            RunExecution execution = new RunExecution(client, registered.runnerId(), assignment,
                    Duration.ofSeconds(registered.heartbeatSeconds()), datasets,
                    workDir.resolve("runs").resolve("run-" + assignment.runId()), device);
            current = execution;
            if (stopping) {
                execution.interrupt();
            }
            RunStatus ended = execution.execute();
            LOG.info("run {} ended here as {}", assignment.runId(), ended == null ? "FAILED" : ended);
            current = null;
            runs++;
        }
        return runs;
    }

    /**
     * One long-polling claim, which {@link #stop()} abandons by interrupting this thread: the HTTP
     * client then cancels the request and closes its connection, which ends the platform's long
     * poll before it can lease a run to this runner.
     */
    private Optional<RunAssignment> claim(long runnerId) {
        synchronized (claimLock) {
            if (stopping) {
                return Optional.empty();
            }
            claiming = Thread.currentThread();
        }
        try {
            return client.claim(runnerId, claimWaitSeconds, onlyRun);
        } finally {
            synchronized (claimLock) {
                claiming = null;
                // An interrupt meant for the claim must not reach the run this thread goes on to train.
                Thread.interrupted();
            }
        }
    }

    private void release(long runnerId, RunAssignment assignment) {
        try {
            client.release(assignment.runId(), new Release(runnerId, assignment.attempt(), "runner shutting down"));
            LOG.info("run {} claimed while stopping; released untouched", assignment.runId());
        } catch (RuntimeException e) {
            // Its lease runs out and the platform requeues it; nothing else is waiting for this agent.
            LOG.warn("run {} claimed while stopping could not be released: {}", assignment.runId(), e.getMessage());
        }
    }

    /** Asks the agent to stop: the current run checkpoints and is handed back; no new claim. */
    public void stop() {
        stopping = true;
        synchronized (claimLock) {
            if (claiming != null) {
                claiming.interrupt();
            }
        }
        RunExecution execution = current;
        if (execution != null) {
            execution.interrupt();
        }
    }
}
