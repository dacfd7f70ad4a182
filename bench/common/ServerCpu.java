import java.time.Duration;
import java.util.stream.Stream;

/**
 * CPU time of the server side of a benchmark: the platform's JVM and every process of its embedded
 * PostgreSQL (their command lines name the platform's data directory, {@code BENCH_WORK}). Read
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
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(p -> p.pid() == platformPid || p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                    .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toMillis).orElse(0L))
                    .sum();
        }
    }

    /** CPU milliseconds used so far by the calling JVM (the load generator). */
    static long ownMillis() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
    }
}
