package dev.umbra.runner.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares the process for libtorch before anything touches the engine: allocator tuning, a pinned
 * thread count, offline mode. Call {@link #prepare(Integer)} before anything starts the engine.
 */
public final class EngineSetup {

    /** glibc mallopt parameters (malloc.h). */
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_MAX = -4;

    private static final Logger LOG = LoggerFactory.getLogger(EngineSetup.class);

    private static volatile boolean mallocTuned;

    private EngineSetup() {
    }

    /**
     * Applies the allocator tuning, pins libtorch's intra-op threads (inter-op to 1) and turns on
     * DJL's offline mode unless the caller set those properties already. Idempotent; has no effect
     * on the thread counts once the engine has started, so commands call it after parsing their
     * options and before anything starts the engine.
     *
     * @param threads an explicit request (e.g. {@code --threads}), which wins over any earlier
     *                setting; null keeps a count pinned already (a system property) or takes every core
     */
    public static synchronized void prepare(Integer threads) {
        tuneMalloc();
        setIfAbsent("ai.djl.offline", "true");
        if (threads == null) {
            setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(defaultThreads()));
        } else if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        } else {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        }
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        // DJL's TorchScript graph optimizer only serves loaded scripted models; it costs start-up time here.
        setIfAbsent("ai.djl.pytorch.graph_optimizer", "false");
    }

    /** The thread count a run pins when nothing asked for one: every available core. */
    static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * With glibc's defaults every tensor over 32 MB is mmap'ed and faulted in again each step, which
     * made training 6-8x slower on the reference VM; keeping freed memory in the heap avoids it. The
     * same values as the MALLOC_*_ environment variables the test harness sets, applied through
     * mallopt so that users of {@code java -jar} need nothing. M_TRIM_THRESHOLD takes an int, so the
     * largest int stands in for the environment's 1e11 (both mean "never trim" at our sizes).
     */
    static void tuneMalloc() {
        if (mallocTuned) {
            return;
        }
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return;
        }
        try {
            Function mallopt = NativeLibrary.getInstance("c").getFunction("mallopt");
            boolean ok = mallopt.invokeInt(new Object[] {M_MMAP_MAX, 0}) == 1
                    & mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, Integer.MAX_VALUE}) == 1
                    & mallopt.invokeInt(new Object[] {M_TOP_PAD, 512 << 20}) == 1;
            mallocTuned = ok;
            if (!ok) {
                LOG.warn("mallopt refused a setting; training may be several times slower");
            }
        } catch (UnsatisfiedLinkError e) {
            // Not glibc (e.g. musl): nothing to tune, and nothing known to be slow.
            LOG.info("mallopt unavailable ({}); allocator left as is", e.getMessage());
        }
    }

    /** Whether the allocator tuning is in effect in this process. */
    public static boolean mallocTuned() {
        return mallocTuned;
    }

    /**
     * The device a run trains on: the first GPU when the spec asks for GPUs and the engine has one,
     * else the CPU. Runs never fail for lack of a GPU; the environment records which device was used.
     */
    public static Device device(int requestedGpus) {
        if (requestedGpus > 0 && Engine.getInstance().getGpuCount() > 0) {
            return Device.gpu();
        }
        return Device.cpu();
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
