package dev.umbra.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serves claims that arrive together with one claim statement (see
 * {@link RunQueue#claim(java.util.List, RunnerCapabilities, RunQueue.WithLeases)}): one transaction
 * and one commit for all of them instead of one each.
 *
 * <p>Claims wait in a line per pool, the runners that share a token and capabilities (one statement
 * can serve only such runners). The first claim to take the line's turn drains up to
 * {@link #MAX_BATCH} waiting claims (its own among them), runs the statement for them, hands each
 * its answer and wakes its thread; then it wakes the oldest claim still waiting, which takes the
 * next turn for the claims that arrived meanwhile. A lone claim takes the turn
 * at once and runs the statement alone, so an idle queue adds no wait. Under load (a claim storm
 * when many runners start, or a queue filling up under long-polling runners) the claims of one
 * statement grow with the line, and PostgreSQL's work per claim shrinks with them, where claims
 * each in its own transaction would contend for the same rows and commits.
 *
 * <p>One pool's statements run one at a time; pools do not wait for each other.
 */
public final class ClaimCombiner<T> {

    /** The most claims one statement serves: the rows it locks per team grow with it. */
    public static final int MAX_BATCH = 64;

    private static final long LOST_WAKE_UP_BOUND_NANOS = 100_000_000L;

    /** The claim statement for runners of one pool; one answer per runner, in order. */
    public interface Statement<T> {
        List<Optional<T>> claim(List<Long> runnerIds, RunnerCapabilities capabilities);
    }

    private record Pool(long tokenId, RunnerCapabilities capabilities) {
    }

    private static final class Line {
        final ReentrantLock turn = new ReentrantLock();
        final ConcurrentLinkedQueue<Claim<?>> waiting = new ConcurrentLinkedQueue<>();
    }

    private static final class Claim<T> {
        final long runnerId;
        final Thread thread = Thread.currentThread();
        Optional<T> answer;
        Throwable failure;
        /** Written last by the turn that served the claim: publishes its answer to the claim's thread. */
        volatile boolean served;

        Claim(long runnerId) {
            this.runnerId = runnerId;
        }
    }

    private final Statement<T> statement;
    // One small entry per pool that ever claimed (tokens × capabilities): few, and not worth evicting.
    private final ConcurrentHashMap<Pool, Line> lines = new ConcurrentHashMap<>();

    public ClaimCombiner(Statement<T> statement) {
        this.statement = statement;
    }

    /** A claim of a runner of this token with these capabilities: its answer, served alone or with others. */
    public Optional<T> claim(long tokenId, long runnerId, RunnerCapabilities capabilities) {
        Line line = lines.computeIfAbsent(new Pool(tokenId, capabilities), pool -> new Line());
        Claim<T> mine = new Claim<>(runnerId);
        line.waiting.add(mine);
        while (!mine.served) {
            if (line.turn.tryLock()) {
                try {
                    if (!mine.served) {
                        serve(line, capabilities);
                    }
                } finally {
                    line.turn.unlock();
                }
                // Hand the turn on: the oldest claim still waiting takes it (or is served by whoever did).
                Claim<?> next = line.waiting.peek();
                if (next != null) {
                    LockSupport.unpark(next.thread);
                }
            } else {
                // Woken when served, or when the turn is handed on. Each claim is woken on its own:
                // claims queued on the turn's lock would wake one after another, each only to see that
                // it was served. The bound only guards against a wake-up this code failed to send.
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

    /** Claims waiting in the line of this pool (for tests that line claims up). */
    int waiting(long tokenId, RunnerCapabilities capabilities) {
        Line line = lines.get(new Pool(tokenId, capabilities));
        return line == null ? 0 : line.waiting.size();
    }

    @SuppressWarnings("unchecked")
    private void serve(Line line, RunnerCapabilities capabilities) {
        List<Claim<T>> batch = new ArrayList<>();
        for (Claim<?> next; batch.size() < MAX_BATCH && (next = line.waiting.poll()) != null; ) {
            batch.add((Claim<T>) next);
        }
        try {
            List<Optional<T>> answers = statement.claim(batch.stream().map(c -> c.runnerId).toList(), capabilities);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).answer = answers.get(i);
            }
        } catch (RuntimeException | Error e) {
            // Every claim of the statement fails with it; the next turn serves those that came after.
            batch.forEach(c -> c.failure = e);
        } finally {
            for (Claim<T> c : batch) {
                c.served = true;
                LockSupport.unpark(c.thread);
            }
        }
    }
}
