package dev.umbra.api.localrunner;

import dev.umbra.api.auth.TokenService;
import dev.umbra.api.config.UmbraConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The embedded default's runners: the same runner agent as on GPU nodes, started as child
 * processes (DJL stays off the platform's classpath) that talk to the platform over loopback
 * with a platform runner token (they serve every team's runs) minted at start. Stopped with
 * SIGTERM on shutdown, so each checkpoints and hands its run back.
 *
 * <p>They must stop while the HTTP server still answers them: Quarkus closes it before it fires
 * {@link ShutdownEvent}, so a runner stopped then cannot upload its checkpoint or release its run
 * (the run would sit leased until its lease expired). They are stopped at the start of shutdown
 * instead ({@link ShutdownDelayInitiatedEvent}, fired before anything closes, because
 * {@code quarkus.shutdown.delay-enabled} is on); {@link ShutdownEvent} only reaps what is left.
 *
 * <p>A runner that exits while the platform runs (killed for memory, crashed) is started again,
 * after a pause that doubles while it keeps dying young: the run it held comes back to the queue when
 * its lease expires, and without a runner the embedded platform would queue runs for nobody.
 */
@ApplicationScoped
public class LocalRunners {

    private static final Logger LOG = Logger.getLogger(LocalRunners.class);
    private static final String TOKEN_NAME = "local runners (embedded default)";
    /** Under the 60 s UmbraMain gives the application before it stops the embedded PostgreSQL. */
    private static final long STOP_TIMEOUT_SECONDS = 45;
    /** The first pause before a runner that exited is started again; doubled while it dies young. */
    private static final Duration FIRST_RESTART_DELAY = Duration.ofSeconds(2);
    private static final Duration MAX_RESTART_DELAY = Duration.ofMinutes(1);
    /** A runner that ran this long before it exited was not dying young: the pause starts over. */
    private static final Duration HEALTHY_UPTIME = Duration.ofMinutes(2);

    private final UmbraConfig config;
    private final TokenService tokens;
    private final List<Process> processes = new ArrayList<>();
    private boolean stopping;

    public LocalRunners(UmbraConfig config, TokenService tokens) {
        this.config = config;
        this.tokens = tokens;
    }

    void start(@ObservesAsync HttpServerStart started) {
        int count = config.localRunners().count();
        if (count <= 0) {
            return;
        }
        Optional<Path> jar = runnerJar();
        if (jar.isEmpty()) {
            LOG.warn("No local runner: the runner jar was not found (build it with ./mvnw -B -DskipTests package, "
                    + "or set umbra.local-runners.jar); runs will wait for a runner to connect");
            return;
        }
        int port = port(started);
        if (port <= 0) {
            LOG.warn("No local runner: the HTTP port is chosen at random; set a fixed quarkus.http.port");
            return;
        }
        // A new token each start; the last start's is revoked, so its runners leave the runner views.
        tokens.revokeRunnerTokens(TOKEN_NAME, Optional.empty());
        String token = tokens.mintRunnerToken(TOKEN_NAME, Optional.empty()).secret();
        Path dataDir = config.embedded().dataDir();
        for (int i = 1; i <= count; i++) {
            String name = "local-" + i;
            try {
                Path workDir = dataDir.resolve("runners").resolve(name);
                Path log = dataDir.resolve("logs").resolve(name + ".log");
                Files.createDirectories(workDir);
                Files.createDirectories(log.getParent());
                List<String> command = new ArrayList<>(List.of(javaExecutable(), "-jar", jar.get().toString(), "agent",
                        "--server", "http://127.0.0.1:" + port, "--name", name, "--work-dir", workDir.toString()));
                if (config.localRunners().threads() > 0) {
                    command.addAll(List.of("--threads", String.valueOf(config.localRunners().threads())));
                }
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
                // The token travels in the environment, not on the command line other users can read.
                builder.environment().put("UMBRA_RUNNER_TOKEN", token);
                launch(name, builder, log, FIRST_RESTART_DELAY);
            } catch (IOException e) {
                LOG.errorf(e, "Cannot start local runner %s", name);
            }
        }
    }

    /** Starts a runner and watches it: if it exits while the platform runs, it is started again after {@code delay}. */
    private synchronized void launch(String name, ProcessBuilder builder, Path log, Duration delay) {
        if (stopping) {
            return;
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            LOG.errorf(e, "Cannot start local runner %s", name);
            return;
        }
        processes.add(process);
        LOG.infof("Started local runner %s (log: %s)", name, log);
        Instant started = Instant.now();
        process.onExit().thenAccept(exited -> {
            synchronized (this) {
                processes.remove(exited);
                if (stopping) {
                    return;
                }
            }
            boolean young = Duration.between(started, Instant.now()).compareTo(HEALTHY_UPTIME) < 0;
            Duration pause = young ? delay : FIRST_RESTART_DELAY;
            Duration next = young ? min(delay.multipliedBy(2), MAX_RESTART_DELAY) : FIRST_RESTART_DELAY.multipliedBy(2);
            LOG.warnf("Local runner %s exited with status %d (see %s); starting it again in %d s", name,
                    exited.exitValue(), log, pause.toSeconds());
            CompletableFuture.runAsync(() -> launch(name, builder, log, next),
                    CompletableFuture.delayedExecutor(pause.toMillis(), TimeUnit.MILLISECONDS));
        });
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    void stopFirst(@Observes ShutdownDelayInitiatedEvent event) {
        stop();
    }

    void stopLeftovers(@Observes ShutdownEvent event) {
        stop();
    }

    private void stop() {
        List<Process> running;
        synchronized (this) {
            stopping = true;
            running = List.copyOf(processes);
        }
        running.forEach(Process::destroy); // SIGTERM: checkpoint, release the run, exit
        for (Process p : running) {
            try {
                if (!p.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    LOG.warnf("Local runner %d did not stop within %d s; killed", p.pid(), STOP_TIMEOUT_SECONDS);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }

    /** The configured jar, else runner/target/umbra-runner.jar of the checkout this platform runs from. */
    Optional<Path> runnerJar() {
        if (config.localRunners().jar().isPresent()) {
            return config.localRunners().jar().filter(Files::isRegularFile);
        }
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of("runner", "target", "umbra-runner.jar"));
        candidates.add(Path.of("..", "runner", "target", "umbra-runner.jar"));
        try {
            Path self = Path.of(LocalRunners.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // platform-api/target/quarkus-app/app/<jar> or platform-api/target/classes
            for (Path p = self.getParent(); p != null; p = p.getParent()) {
                candidates.add(p.resolve("runner").resolve("target").resolve("umbra-runner.jar"));
            }
        } catch (Exception e) {
            // no code source: only the working-directory candidates
        }
        return candidates.stream().filter(Files::isRegularFile).map(Path::toAbsolutePath).map(Path::normalize).findFirst();
    }

    private static int port(HttpServerStart started) {
        String key = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        return ConfigProvider.getConfig().getOptionalValue(key, Integer.class).orElse(started.options().getPort());
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
