package dev.umbra.api.queue;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Tells the claims long-polling in this process that a run may have become claimable (on any
 * replica: {@link ReplicaSession} raises it from PostgreSQL's notifications). A generation counter
 * rather than a flag: a claim reads the generation before it queries the queue, then waits for a
 * newer one, so a run queued between its query and its wait still wakes it.
 */
@ApplicationScoped
public class QueueSignal {

    private long generation; // guarded by this

    public synchronized long generation() {
        return generation;
    }

    /** Wakes every waiting claim. */
    public synchronized void raise() {
        generation++;
        notifyAll();
    }

    /**
     * Waits until the generation is past {@code seen} or {@code timeoutMillis} passed.
     *
     * @return whether it was raised
     */
    public synchronized boolean awaitAfter(long seen, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (generation == seen) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }
}
