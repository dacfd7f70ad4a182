package dev.umbra.runner;

import dev.umbra.runner.engine.EngineSetup;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The runner's command line: {@code java -jar umbra-runner.jar <command>}. */
@Command(name = "umbra-runner", mixinStandardHelpOptions = true,
        description = "Trains and evaluates self-supervised learning runs.",
        subcommands = {TrainCommand.class})
public final class RunnerMain implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        // Before any class touches libtorch: allocator tuning, offline mode. Threads are pinned by the command.
        EngineSetup.prepare(EngineSetup.defaultThreads());
        System.exit(commandLine().execute(args));
    }

    /** The command line with every subcommand, for tests that run commands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new RunnerMain());
    }
}
