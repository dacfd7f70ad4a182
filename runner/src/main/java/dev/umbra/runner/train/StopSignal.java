package dev.umbra.runner.train;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stop request another thread can raise (the agent on cancel, a shutdown hook on SIGTERM); register
 * it as a listener of the run. The first request wins.
 */
public final class StopSignal implements TrainingListener {

    private final AtomicReference<RunStatus> requested = new AtomicReference<>();

    public void request(RunStatus status) {
        requested.compareAndSet(null, status);
    }

    @Override
    public Optional<RunStatus> shouldStop() {
        return Optional.ofNullable(requested.get());
    }
}
