package dev.umbra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.umbra.client.UmbraClient;
import dev.umbra.client.dto.RunDto;
import dev.umbra.client.dto.RunStatus;
import dev.umbra.client.dto.SweepDto;
import java.util.Locale;
import java.util.Objects;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "watch", description = "Follow a run or a sweep until it ends, printing each change of progress.")
final class WatchCommand extends ApiCommand {

    @ArgGroup(multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--run", paramLabel = "ID")
        Long run;

        @Option(names = "--sweep", paramLabel = "ID")
        Long sweep;
    }

    @Option(names = "--interval", defaultValue = "2", paramLabel = "SECONDS", description = "seconds between polls (default 2)")
    double interval;

    @Override
    public Integer call() throws InterruptedException {
        UmbraClient client = client();
        String last = null;
        while (true) {
            String line;
            boolean done;
            boolean succeeded;
            if (target.run != null) {
                RunDto run = client.run(target.run);
                line = "run " + run.id() + " " + run.status() + " " + progress(run);
                done = run.status().isTerminal();
                succeeded = run.status() == RunStatus.SUCCEEDED;
                if (done && run.error() != null) {
                    line += " (" + run.error().lines().findFirst().orElse("") + ")";
                }
            } else {
                SweepDto sweep = client.sweep(target.sweep);
                line = String.format(Locale.ROOT, "sweep %d %3.0f%% %d/%d done %s%s", sweep.id(), sweep.progress() * 100,
                        sweep.finishedRuns(), sweep.totalRuns(), counts(sweep),
                        sweep.etaSeconds() == null ? "" : String.format(Locale.ROOT, " eta %.0f s", sweep.etaSeconds()));
                done = sweep.finishedRuns() == sweep.totalRuns();
                succeeded = sweep.runsByState().getOrDefault("SUCCEEDED", 0L) == sweep.totalRuns();
            }
            if (!Objects.equals(line, last)) {
                out().println(line);
                out().flush();
                last = line;
            }
            if (done) {
                return succeeded ? 0 : UmbraCli.NOT_SUCCEEDED;
            }
            Thread.sleep((long) (interval * 1000));
        }
    }

    /** A run's progress as its runner last reported it: epoch, step fraction, loss, eta. */
    static String progress(RunDto run) {
        JsonNode p = run.progress();
        if (p == null || p.isEmpty() || !p.has("fraction")) {
            return run.status().isTerminal() ? "" : "-";
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%3.0f%% epoch %d", p.path("fraction").asDouble() * 100,
                p.path("epoch").asInt()));
        if (p.path("loss").isNumber()) {
            text.append(String.format(Locale.ROOT, " loss %.4f", p.get("loss").asDouble()));
        }
        if (!run.status().isTerminal() && p.path("eta_seconds").isNumber()) {
            text.append(String.format(Locale.ROOT, " eta %.0f s", p.get("eta_seconds").asDouble()));
        }
        return text.toString();
    }

    private static String counts(SweepDto sweep) {
        StringBuilder text = new StringBuilder();
        sweep.runsByState().forEach((state, n) -> {
            if (n > 0) {
                text.append(text.length() == 0 ? "(" : ", ").append(state.toLowerCase(Locale.ROOT)).append(' ').append(n);
            }
        });
        return text.length() == 0 ? "" : text.append(')').toString();
    }
}
