import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time of the server side of a benchmark: the platform's JVM and every process of its embedded
 * PostgreSQL. Read before and after a phase, the difference divided by the requests served is the
 * server's CPU per request.
 * <p>
 * PostgreSQL's processes are found from its postmaster, the one process whose command line names the
 * platform's data directory ({@code BENCH_WORK}): its backends rewrite their command lines
 * ({@code postgres: postgres postgres 127.0.0.1(...) idle}), so they are counted as the postmaster's
 * children, and the backends that already exited through the postmaster's reaped-children time
 * ({@code cutime + cstime} in {@code /proc/PID/stat}, Linux only). A live process' time is read in whole
 * 10 ms ticks, rounded down: a phase that starts with N live backends may count up to N x 10 ms more
 * than they used in it (a pooled connection's, or a raw phase's connections opened before it).
 */
final class ServerCpu {

    /** Linux reports /proc times in USER_HZ, 100 per second on every architecture it runs on here. */
    private static final long MILLIS_PER_TICK = 10;

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
        return platformMillis() + postgresMillis();
    }

    /** CPU milliseconds used so far by the platform's JVM. */
    long platformMillis() {
        return ProcessHandle.of(platformPid).map(ServerCpu::cpuMillis).orElse(0L);
    }

    /**
     * Of {@link #platformMillis()}, the milliseconds its JIT compiler threads used so far. Compilation
     * is paid once, while a request path warms up, so a phase's JVM CPU per request less this share
     * is what a long-running platform spends per request (Linux only; 0 elsewhere).
     */
    long platformJitMillis() {
        try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(platformPid), "task"))) {
            return threads.mapToLong(ServerCpu::compilerThreadMillis).sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** A thread's CPU milliseconds when it is one of HotSpot's compiler threads (C1, C2), else 0. */
    private static long compilerThreadMillis(Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
                return 0;
            }
            return statMillis(stat, 14, 15); // utime, stime
        } catch (IOException | RuntimeException e) {
            return 0; // the thread ended while the list was read
        }
    }

    /** CPU milliseconds used so far by the platform's PostgreSQL: postmaster, live backends and exited ones. */
    long postgresMillis() {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(p -> p.pid() != platformPid && p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                    .mapToLong(p -> withReapedChildren(p) + p.descendants().mapToLong(ServerCpu::cpuMillis).sum())
                    .sum();
        }
    }

    /** CPU milliseconds used so far by the calling JVM (the load generator). */
    static long ownMillis() {
        return cpuMillis(ProcessHandle.current());
    }

    private static long cpuMillis(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
    }

    private static long withReapedChildren(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return statMillis(stat, 14, 17); // utime, stime, cutime, cstime
        } catch (IOException | RuntimeException e) {
            return cpuMillis(process); // not Linux, or it just exited
        }
    }

    /** The sum of the time fields {@code first..last} (1-based, as proc(5) numbers them) of a /proc stat line, in ms. */
    private static long statMillis(String stat, int first, int last) {
        // Fields after the command (which may hold spaces) in parentheses: state is field 3, utime 14 ... cstime 17.
        List<String> fields = List.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
        long ticks = 0;
        for (int field = first; field <= last; field++) {
            ticks += Long.parseLong(fields.get(field - 3));
        }
        return ticks * MILLIS_PER_TICK;
    }
}
