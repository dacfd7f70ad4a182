package dev.umbra.runner.agent;

import ai.djl.Device;
import dev.umbra.client.runner.RunnerClient;
import dev.umbra.client.runner.RunnerRegistration;
import dev.umbra.runner.engine.EngineSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code agent --server URL --token T}: registers with the platform and trains the runs it is
 * given until stopped. SIGTERM checkpoints the current run and hands it back before exiting.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run as a runner agent: claim runs from the platform, train, report.")
public final class AgentCommand implements Callable<Integer> {

    @Spec
    private CommandSpec command;

    @Option(names = "--server", required = true, description = "the platform's base URL, e.g. http://umbra:8080")
    private URI server;

    @Option(names = "--token", description = "a runner token (default: the UMBRA_RUNNER_TOKEN environment variable)")
    private String token;

    @Option(names = "--name", description = "this runner's name, unique per agent (default: the host name)")
    private String name;

    @Option(names = "--labels", split = ",", description = "labels runs may ask for, e.g. a100,eu")
    private List<String> labels = List.of();

    @Option(names = "--gpus", description = "GPUs this agent offers (default: those the engine sees)")
    private Integer gpus;

    @Option(names = "--gpu-memory-gb", defaultValue = "0", description = "memory per GPU, for runs that ask for it")
    private int gpuMemoryGb;

    @Option(names = "--device", description = "cpu or gpu:N to pin this agent to one device (default: from each run's spec)")
    private String device;

    @Option(names = "--work-dir", description = "per-run scratch space (default: ~/.umbra/agent/<name>)")
    private Path workDir;

    @Option(names = "--cache-dir", defaultValue = "${user.home}/.umbra/cache",
            description = "datasets by checksum, shared by the agents of a node (default: ${DEFAULT-VALUE})")
    private Path cacheDir;

    @Option(names = "--threads", description = "intra-op threads (default: all cores)")
    private Integer threads;

    @Option(names = "--claim-wait", defaultValue = "20", description = "seconds a claim waits for work")
    private int claimWait;

    @Option(names = "--max-runs", defaultValue = "0", description = "exit after this many runs (0: never)")
    private int maxRuns;

    @Option(names = "--run-id", description = "claim this run only, then exit (how the Kubernetes launcher's pods run)")
    private Long runId;

    @Override
    public Integer call() throws Exception {
        String secret = token != null ? token : System.getenv("UMBRA_RUNNER_TOKEN");
        if (secret == null || secret.isBlank()) {
            command.commandLine().getErr().println("agent: no token; pass --token or set UMBRA_RUNNER_TOKEN");
            return 2;
        }
        String runnerName = name != null ? name : InetAddress.getLocalHost().getHostName();
        Path dir = workDir != null ? workDir : Path.of(System.getProperty("user.home"), ".umbra", "agent", runnerName);
        Files.createDirectories(dir);
        EngineSetup.prepare(threads);
        Device pinned = device == null ? null : Device.fromName(device);
        int offeredGpus = gpus != null ? gpus : ai.djl.engine.Engine.getInstance().getGpuCount();

        // Two agents with one name would share a runner id: the work directory's lock forbids it.
        try (FileChannel channel = FileChannel.open(dir.resolve("agent.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
            if (lock == null) {
                command.commandLine().getErr().println("agent: another agent uses " + dir + "; give each agent its own --name");
                return 2;
            }
            Agent agent = new Agent(new RunnerClient(server, secret),
                    new RunnerRegistration(runnerName, version(), InetAddress.getLocalHost().getHostName(), offeredGpus,
                            gpuMemoryGb, labels), dir, cacheDir, pinned, claimWait, maxRuns, runId);
            CountDownLatch finished = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                agent.stop();
                try {
                    finished.await(120, TimeUnit.SECONDS); // the run checkpoints and is handed back
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "umbra-agent-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                agent.run();
            } finally {
                finished.countDown();
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + dir, e);
        }
    }

    private static String version() {
        Package p = AgentCommand.class.getPackage();
        return p.getImplementationVersion() != null ? p.getImplementationVersion() : "dev";
    }
}
