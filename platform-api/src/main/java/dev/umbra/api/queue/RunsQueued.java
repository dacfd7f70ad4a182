package dev.umbra.api.queue;

/** Fired by the writer of new run rows in the transaction that inserts them: runs were queued. */
public record RunsQueued() {
}
