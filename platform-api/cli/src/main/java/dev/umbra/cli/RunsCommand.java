package dev.umbra.cli;

import dev.umbra.client.dto.Page;
import dev.umbra.client.dto.RunDto;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "runs", description = "List runs, newest first, with their progress.")
final class RunsCommand extends ApiCommand {

    @Option(names = {"-e", "--experiment"}, paramLabel = "ID")
    Long experiment;

    @Option(names = "--status", description = "QUEUED, LEASED, RUNNING, SUCCEEDED, FAILED or CANCELLED")
    String status;

    @Option(names = "--method")
    String method;

    @Option(names = "--limit", defaultValue = "50")
    int limit;

    @Override
    public Integer call() {
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("limit", String.valueOf(limit));
        filters.put("experiment_id", experiment == null ? null : String.valueOf(experiment));
        filters.put("status", status);
        filters.put("method", method);
        Page<RunDto> page = client().runs(filters);
        Table table = new Table("id", "status", "method", "backbone", "dataset", "seed", "progress", "config");
        page.items().forEach(r -> table.row(r.id(), r.status(), r.method(), r.backbone(), r.dataset(), r.seed(),
                WatchCommand.progress(r), Table.shortHash(r.configHash())));
        table.print(out());
        return 0;
    }
}
