package dev.umbra.runner;

import dev.umbra.runner.agent.AgentCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The runner's command line: {@code java -jar umbra-runner.jar <command>}. */
@Command(name = "umbra-runner", mixinStandardHelpOptions = true,
        description = "Trains and evaluates self-supervised learning runs.",
        subcommands = {TrainCommand.class, AgentCommand.class, InspectCommand.class})
public final class RunnerMain implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        // No engine setup here: each command prepares it (threads included) from its own options, and
        // a count pinned before they parse could not be changed any more.
        System.exit(commandLine().execute(args));
    }

    /** The command line with every subcommand, for tests that run commands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new RunnerMain());
    }
}
