package dev.umbra.cli;

import dev.umbra.client.dto.ExperimentDto;
import dev.umbra.client.dto.Page;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "experiments", description = "List experiments, or create one.",
        subcommands = {ExperimentsCommand.Create.class})
final class ExperimentsCommand extends ApiCommand {

    @Option(names = "--name", description = "only names containing this")
    String name;

    @Option(names = "--limit", defaultValue = "50")
    int limit;

    @Override
    public Integer call() {
        Page<ExperimentDto> page = client().experiments(Map.of("limit", String.valueOf(limit), "name", name == null ? "" : name));
        Table table = new Table("id", "name", "tags", "created");
        page.items().forEach(e -> table.row(e.id(), e.name(), String.join(",", e.tags()), e.createdAt()));
        table.print(out());
        return 0;
    }

    @Command(name = "create", description = "Create an experiment; prints its id.")
    static final class Create extends ApiCommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--description")
        String description;

        @Option(names = "--tag", description = "a tag (repeatable)")
        List<String> tags;

        @Override
        public Integer call() {
            ExperimentDto created = client().createExperiment(name, description, tags);
            out().println("experiment " + created.id() + " created: " + created.name());
            return 0;
        }
    }
}
