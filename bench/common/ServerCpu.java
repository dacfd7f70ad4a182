import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * CPU time of the server side of a benchmark: the platform's JVM and every process of its embedded
 * PostgreSQL (the postmaster's command line names the platform's data directory, {@code BENCH_WORK};
 * its backends and workers are the postmaster's children). Read
 * before and after a phase, the difference divided by the requests served is the server's CPU per
 * request. PostgreSQL backends that exit during a phase take their CPU time with them, so pooled
 * connections (which live as long as the platform) are what this counts.
 */
final class ServerCpu {

    private final long platformPid;
    private final String marker;

    private ServerCpu(long platformPid, String marker) {
        this.platformPid = platformPid;
        this.marker = marker;
    }

    /** The platform that bench/common/platform.sh started. */
    static ServerCpu ofStartedPlatform() {
        return new ServerCpu(Long.parseLong(System.getenv("BENCH_PLATFORM_PID")), System.getenv("BENCH_WORK"));
    }

    /** CPU milliseconds used so far by the platform and its PostgreSQL. */
    long millis() {
        // A backend's command line is its status ("postgres: postgres postgres 127.0.0.1(...) idle"),
        // not the data directory: PostgreSQL's processes are the postmaster's children.
        Set<Long> server = new HashSet<>();
        server.add(platformPid);
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            all.filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)).forEach(p -> {
                server.add(p.pid());
                p.descendants().forEach(child -> server.add(child.pid()));
            });
        }
        return server.stream().map(ProcessHandle::of).flatMap(Optional::stream)
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toMillis).orElse(0L))
                .sum();
    }

    /** CPU milliseconds used so far by the platform's JVM alone (the rest of {@link #millis()} is PostgreSQL's). */
    long platformMillis() {
        return ProcessHandle.of(platformPid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toMillis).orElse(0L);
    }

    /** CPU milliseconds used so far by the calling JVM (the load generator). */
    static long ownMillis() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
    }
}
