package dev.umbra.api.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umbra.api.OtherReplica;
import dev.umbra.api.queue.ReplicaSession;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The cluster locks against the test PostgreSQL. Every call takes a connection of its own, a
 * session as separate as another replica's, so two threads here stand for two replicas.
 */
@QuarkusTest
class ClusterSingletonTest {

    @Inject
    ClusterSingleton singleton;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ReplicaSession listener;

    @Test
    void aTaskRunsOnOneReplicaAtATimeAndIsFreeAgainAfterwards() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<Optional<String>> first = CompletableFuture.supplyAsync(() -> singleton.callAlone("test-task", () -> {
            running.countDown();
            await(finish);
            return "first";
        }));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(singleton.callAlone("test-task", () -> "second")).isEmpty();
        assertThat(singleton.runAlone("another-task", () -> { })).isTrue();

        finish.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).contains("first");
        assertThat(singleton.callAlone("test-task", () -> "third")).contains("third");
    }

    @Test
    void workThatFailsReleasesTheLock() {
        assertThatThrownBy(() -> singleton.runAlone("failing-task", () -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");

        assertThat(singleton.runAlone("failing-task", () -> { })).isTrue();
    }

    @Test
    void aTaskIsSkippedWhileAnotherReplicaHoldsItAndFreeWhenThatReplicaDies() throws Exception {
        OtherReplica otherReplica = new OtherReplica().holdLock("held-by-another-replica");
        assertThat(singleton.runAlone("held-by-another-replica", () -> { })).isFalse();

        otherReplica.close(); // its session ends as a crashed replica's does, and its locks with it

        assertThat(singleton.runAlone("held-by-another-replica", () -> { })).isTrue();
    }

    @Test
    void startUpTasksTakeTurnsAndTheSecondSeesTheFirstsTransactionEnded() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch locked = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> QuarkusTransaction.requiringNew().run(() -> {
            singleton.awaitTurn("start-up-task");
            locked.countDown();
            sleep(500);
            events.add("first commits");
        }));
        assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();

        QuarkusTransaction.requiringNew().run(() -> {
            singleton.awaitTurn("start-up-task");
            events.add("second has the lock");
        });
        first.get(10, TimeUnit.SECONDS);

        assertThat(events).containsExactly("first commits", "second has the lock");
    }

    @Test
    void aReplicaIsFirstOnlyWhenNoOtherIsRunning() throws Exception {
        assertThat(listener.firstReplica()).as("the test application, alone on its database").isTrue();
        // Its listening session holds the replica lock: whoever joins now is not first.
        try (Connection a = dataSource.getConnection(); Connection b = dataSource.getConnection()) {
            assertThat(ClusterSingleton.joinAsReplica(a)).isFalse();
            assertThat(ClusterSingleton.joinAsReplica(b)).isFalse();
            // Joining left no exclusive lock behind: every running replica holds it shared only.
            try (var s = a.createStatement(); var rs = s.executeQuery(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND mode = 'ExclusiveLock' "
                            + "AND objid = hashtext('running-replicas')::oid")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
            discard(a);
            discard(b);
        }
    }

    private static void discard(Connection c) throws Exception {
        try (var s = c.createStatement()) {
            s.execute("DISCARD ALL"); // back to the pool without the replica lock
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
