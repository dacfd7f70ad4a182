package dev.umbra.cli;

import dev.umbra.client.dto.LaunchedPodDto;
import dev.umbra.client.dto.RunnerDto;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "runners", description = "The runners the team's runs may use, and the pods the Kubernetes launcher started (with why one is pending or failed).")
final class RunnersCommand extends ApiCommand {

    @Override
    public Integer call() {
        Table runners = new Table("id", "name", "state", "run", "gpus", "labels", "last seen");
        for (RunnerDto r : client().runners()) {
            String state = !r.live() ? "offline" : r.currentRunId() != null ? "running" : r.busy() ? "busy" : "idle";
            runners.row(r.id(), r.name() + (r.shared() ? " (shared)" : ""), state,
                    r.currentRunId() == null ? "-" : r.currentRunId(), r.gpus(), String.join(",", r.labels()),
                    r.lastHeartbeatAt() == null ? "-" : r.lastHeartbeatAt());
        }
        runners.print(out());
        List<LaunchedPodDto> pods = client().launchedPods();
        if (!pods.isEmpty()) {
            out().println();
            Table table = new Table("job", "run", "phase", "failed launch", "why", "launched");
            for (LaunchedPodDto p : pods) {
                table.row(p.jobName(), p.runId(), p.phase().toLowerCase(), p.failedLaunch() ? "yes" : "",
                        p.reason() == null ? "" : p.reason(), p.launchedAt());
            }
            table.print(out());
        }
        return 0;
    }
}
