package dev.umbra.cli;

import dev.umbra.client.dto.ReproducibilityDto;
import dev.umbra.client.dto.RunDto;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rerun", description = "Queue an identical run (same spec, same hashes); --report shows a run beside its reruns.")
final class RerunCommand extends ApiCommand {

    @Parameters(paramLabel = "RUN")
    long run;

    @Option(names = "--report", description = "do not rerun: print the reproducibility report")
    boolean report;

    @Override
    public Integer call() {
        if (!report) {
            RunDto rerun = client().rerun(run);
            out().println("run " + rerun.id() + " queued as a rerun of " + run + " (run hash " + Table.shortHash(rerun.runHash()) + ")");
            return 0;
        }
        ReproducibilityDto r = client().reproducibility(run);
        List<String> header = new ArrayList<>(List.of("metric", "protocol"));
        r.runs().forEach(e -> header.add("run " + e.runId()));
        header.add("max |diff|");
        Table table = new Table(header);
        for (ReproducibilityDto.Row row : r.metrics()) {
            List<Object> cells = new ArrayList<>(List.of(row.metric(), row.protocol() == null ? "series" : row.protocol()));
            row.values().forEach(v -> cells.add(v == null ? null : String.valueOf(v)));
            cells.add(row.maxAbsDifference() == null ? null : String.valueOf(row.maxAbsDifference()));
            table.row(cells);
        }
        table.print(out());
        out().println(r.identical() ? "identical: every run succeeded with the same numbers" : "not identical");
        return 0;
    }
}
