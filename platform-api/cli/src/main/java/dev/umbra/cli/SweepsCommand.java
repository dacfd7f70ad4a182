package dev.umbra.cli;

import dev.umbra.client.UmbraClient;
import dev.umbra.client.dto.Page;
import dev.umbra.client.dto.SweepDto;
import dev.umbra.client.dto.SweepRunDto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "sweep", description = "Show a sweep and its runs, add seeds to it, or cancel it.",
        subcommands = {SweepsCommand.AddSeeds.class, SweepsCommand.Cancel.class})
final class SweepsCommand extends ApiCommand {

    // Optional to picocli, so that `sweep cancel ID` and `sweep add-seeds ID ...` parse (a required
    // parameter of this command would be demanded before its subcommands); required below.
    @Parameters(paramLabel = "ID", arity = "0..1")
    Long id;

    @Override
    public Integer call() {
        if (id == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required parameter: 'ID'");
        }
        UmbraClient client = client();
        SweepDto sweep = client.sweep(id);
        print(sweep);
        List<SweepRunDto> runs = allRuns(client, id);
        TreeSet<String> axes = new TreeSet<>();
        TreeSet<String> metrics = new TreeSet<>();
        runs.forEach(r -> {
            r.params().fieldNames().forEachRemaining(axes::add);
            metrics.addAll(r.results().keySet());
        });
        List<String> header = new ArrayList<>(List.of("#", "run", "status", "seed"));
        header.addAll(axes);
        header.addAll(metrics);
        Table table = new Table(header);
        for (SweepRunDto r : runs) {
            List<Object> row = new ArrayList<>(List.of(r.position(), r.runId() + (r.reused() ? "*" : ""), r.status(), r.seed()));
            axes.forEach(a -> row.add(r.params().has(a) ? r.params().get(a).asText() : null));
            metrics.forEach(m -> row.add(Table.number(r.results().get(m))));
            table.row(row);
        }
        table.print(out());
        if (runs.stream().anyMatch(SweepRunDto::reused)) {
            out().println("* reused: this run hash had already succeeded (or appears earlier in the sweep)");
        }
        return 0;
    }

    /** Every position of the sweep, page after page. */
    static List<SweepRunDto> allRuns(UmbraClient client, long id) {
        List<SweepRunDto> runs = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, String> paging = new HashMap<>();
            paging.put("limit", "500");
            paging.put("cursor", cursor);
            Page<SweepRunDto> page = client.sweepRuns(id, paging);
            runs.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return runs;
    }

    void print(SweepDto sweep) {
        out().printf("sweep %d '%s' (%s): %d runs, %d reused, %.0f%% done%s%n", sweep.id(), sweep.name(), sweep.kind(),
                sweep.totalRuns(), sweep.reusedRuns(), sweep.progress() * 100, sweep.cancelled() ? ", cancelled" : "");
        StringBuilder states = new StringBuilder("  ");
        sweep.runsByState().forEach((state, n) -> states.append(state).append(' ').append(n).append("  "));
        out().println(states.toString().stripTrailing());
        if (sweep.etaSeconds() != null) {
            out().printf("  estimated time to finish: %.0f s%n", sweep.etaSeconds());
        }
    }

    @Command(name = "add-seeds", description = "Run every configuration of the sweep once more per new seed.")
    static final class AddSeeds extends ApiCommand {

        @Parameters(index = "0", paramLabel = "ID")
        long id;

        @Parameters(index = "1..*", paramLabel = "SEED")
        List<Long> seeds;

        @Override
        public Integer call() {
            SweepDto sweep = client().addSeeds(id, seeds);
            out().println("sweep " + sweep.id() + " now has " + sweep.totalRuns() + " runs");
            return 0;
        }
    }

    @Command(name = "cancel", description = "Cancel every unfinished run of the sweep.")
    static final class Cancel extends ApiCommand {

        @Parameters(paramLabel = "ID")
        long id;

        @Override
        public Integer call() {
            SweepDto sweep = client().cancelSweep(id);
            out().println("sweep " + sweep.id() + " cancelled: " + sweep.runsByState().getOrDefault("CANCELLED", 0L)
                    + " runs cancelled, " + sweep.runsByState().getOrDefault("SUCCEEDED", 0L) + " succeeded");
            return 0;
        }
    }
}
