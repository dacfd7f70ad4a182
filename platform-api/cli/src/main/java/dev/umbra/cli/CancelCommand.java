package dev.umbra.cli;

import dev.umbra.client.dto.RunDto;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "cancel", description = "Cancel a run (a queued run ends at once; a running one at its next heartbeat).")
final class CancelCommand extends ApiCommand {

    @Parameters(paramLabel = "RUN")
    long run;

    @Override
    public Integer call() {
        RunDto cancelled = client().cancelRun(run);
        out().println("run " + cancelled.id() + " " + (cancelled.status().isTerminal() ? cancelled.status()
                : "cancel requested; its runner stops at its next heartbeat"));
        return 0;
    }
}
