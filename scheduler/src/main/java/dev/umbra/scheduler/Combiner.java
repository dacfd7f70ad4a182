package dev.umbra.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serves requests that arrive together with one batch: one statement, one transaction and one
 * commit for all of them instead of one each. The platform's hot writes go through it: claims
 * ({@link RunQueue#claim(List, RunnerCapabilities, RunQueue.WithLeases)} for the runners of one
 * pool) and run submissions.
 *
 * <p>Requests wait in a line per key (what one batch can serve together). The first request to take
 * the line's turn drains up to {@link #MAX_BATCH} waiting requests (its own among them), runs the
 * batch for them, hands each its answer and wakes its thread; then it wakes the oldest request still
 * waiting, which takes the next turn for those that arrived meanwhile. A lone request takes the turn
 * at once and runs its batch alone, so an idle platform adds no wait. Under load the batches grow with
 * the line, and PostgreSQL's work per request shrinks with them, where requests each in its own
 * transaction would contend for the same rows and commits. One key's batches run one at a time (bar
 * a moment when an idle line leaves the map as a request comes: see {@link #submit}); keys do not
 * wait for each other.
 *
 * @param <K> what requests of one batch share
 * @param <I> a request
 * @param <O> its answer
 */
public final class Combiner<K, I, O> {

    /** The most requests one batch serves: what a batch locks and writes grows with it. */
    public static final int MAX_BATCH = 64;

    private static final long LOST_WAKE_UP_BOUND_NANOS = 100_000_000L;

    /** Serves a batch of requests of one key: one answer per request, in order. */
    public interface Batch<K, I, O> {
        List<O> serve(K key, List<I> requests);
    }

    private static final class Line {
        final ReentrantLock turn = new ReentrantLock();
        final ConcurrentLinkedQueue<Request<?, ?>> waiting = new ConcurrentLinkedQueue<>();
    }

    private static final class Request<I, O> {
        final I input;
        final Thread thread = Thread.currentThread();
        O answer;
        Throwable failure;
        /** Written last by the turn that served the request: publishes its answer to the request's thread. */
        volatile boolean served;

        Request(I input) {
            this.input = input;
        }
    }

    private final Batch<K, I, O> batch;
    /** The lines of keys with requests waiting or being served. */
    private final ConcurrentHashMap<K, Line> lines = new ConcurrentHashMap<>();

    public Combiner(Batch<K, I, O> batch) {
        this.batch = batch;
    }

    /** The answer to one request, served alone or in a batch with others of the same key. */
    public O submit(K key, I input) {
        Line line = lines.computeIfAbsent(key, k -> new Line());
        Request<I, O> mine = new Request<>(input);
        line.waiting.add(mine);
        while (!mine.served) {
            if (line.turn.tryLock()) {
                try {
                    if (!mine.served) {
                        serve(key, line);
                    }
                } finally {
                    line.turn.unlock();
                }
                // Hand the turn on: the oldest request still waiting takes it (or is served by whoever did).
                Request<?, ?> next = line.waiting.peek();
                if (next != null) {
                    LockSupport.unpark(next.thread);
                } else {
                    // An idle line leaves the map, so keys that come and go (tokens) do not pile up. A request
                    // that already holds this line still serves itself on it; one that comes later makes a
                    // new line, whose batches may then overlap this one's: safe, each claim and
                    // submission is atomic on its own, only not shared.
                    lines.remove(key, line);
                }
            } else {
                // Woken when served, or when the turn is handed on. Each request is woken on its own:
                // requests queued on the turn's lock would wake one after another, each only to see
                // that it was served. The bound only guards against a wake-up this code failed to send.
                LockSupport.parkNanos(this, LOST_WAKE_UP_BOUND_NANOS);
            }
        }
        if (mine.failure instanceof RuntimeException e) {
            throw e;
        }
        if (mine.failure instanceof Error e) {
            throw e;
        }
        return mine.answer;
    }

    /** Requests waiting in the line of this key (for tests that line requests up). */
    int waiting(K key) {
        Line line = lines.get(key);
        return line == null ? 0 : line.waiting.size();
    }

    /** Keys with a line now (for tests: idle lines leave). */
    int lines() {
        return lines.size();
    }

    @SuppressWarnings("unchecked")
    private void serve(K key, Line line) {
        List<Request<I, O>> requests = new ArrayList<>();
        for (Request<?, ?> next; requests.size() < MAX_BATCH && (next = line.waiting.poll()) != null; ) {
            requests.add((Request<I, O>) next);
        }
        try {
            List<O> answers = batch.serve(key, requests.stream().map(r -> r.input).toList());
            for (int i = 0; i < requests.size(); i++) {
                requests.get(i).answer = answers.get(i);
            }
        } catch (RuntimeException | Error e) {
            // Every request of the batch fails with it; the next turn serves those that came after.
            requests.forEach(r -> r.failure = e);
        } finally {
            for (Request<I, O> r : requests) {
                r.served = true;
                LockSupport.unpark(r.thread);
            }
        }
    }
}
