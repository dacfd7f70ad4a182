package dev.umbra.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A runner agent (umbra-runner.jar agent) as its own process, which tests may kill, stop or pause. */
final class AgentProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private AgentProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** One intra-op thread: the same thread count everywhere keeps CPU training bit-identical. */
    static AgentProcess start(URI server, String token, String name, Path root) {
        return start(server, token, name, root, root.resolve("cache"));
    }

    /** As {@link #start(URI, String, String, Path)}, with its own dataset cache. */
    static AgentProcess start(URI server, String token, String name, Path root, Path cacheDir) {
        Path workDir = root.resolve("agents").resolve(name);
        Path log = root.resolve("agent-" + name + ".log");
        try {
            Files.createDirectories(workDir);
            ProcessBuilder builder = new ProcessBuilder(List.of(Processes.java(), "-Xmx1g", "-jar",
                    Processes.jar("umbra.runner.jar").toString(), "agent", "--server", server.toString(),
                    "--name", name, "--work-dir", workDir.toString(), "--cache-dir", cacheDir.toString(),
                    "--threads", "1", "--claim-wait", "2"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("UMBRA_RUNNER_TOKEN", token);
            return new AgentProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Process process() {
        return process;
    }

    void kill9() {
        process.destroyForcibly();
        waitFor(30);
    }

    /** SIGTERM; true when the agent exited by itself within the timeout. */
    boolean terminate(int seconds) {
        process.destroy();
        return waitFor(seconds);
    }

    void pause() {
        Processes.signal(process, "STOP");
    }

    void resume() {
        Processes.signal(process, "CONT");
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private boolean waitFor(int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            waitFor(30);
        }
    }
}
