package dev.umbra.cli;

import dev.umbra.client.UmbraClient;
import dev.umbra.client.dto.LeaderboardDto;
import dev.umbra.client.dto.SweepDto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.StringJoiner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "report", description = "Render a sweep, a benchmark suite or a leaderboard as Markdown, CSV or LaTeX:"
        + " protocols, n, mean ± std, 95% CI, baselines, and the commands that reproduce it.")
final class ReportCommand extends ApiCommand {

    enum Format {
        md(new MarkdownReportWriter()), csv(new CsvReportWriter()), latex(new LatexReportWriter());

        final ReportWriter writer;

        Format(ReportWriter writer) {
            this.writer = writer;
        }
    }

    @Mixin
    LeaderboardScope scope;

    @Option(names = "--limit", defaultValue = "50", description = "rows per board (at most 500)")
    int limit;

    @Option(names = "--format", defaultValue = "md", description = "md, csv or latex (default: md)")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write here (and the sweep document beside it) instead of printing")
    Path output;

    @Override
    public Integer call() {
        UmbraClient client = client();
        Map<String, String> filters = scope.filters(limit);
        LeaderboardDto board = client.leaderboard(filters);
        Report report;
        if (scope.sweep != null) {
            SweepDto s = client.sweep(scope.sweep);
            report = ReportBuilder.sweep(s, SweepsCommand.allRuns(client, scope.sweep), board, scope);
        } else {
            report = ReportBuilder.leaderboard(board, title(filters), scope);
        }
        String text = format.writer.write(report);
        if (output == null) {
            out().print(text);
            out().flush();
            return 0;
        }
        write(output, text);
        StringJoiner written = new StringJoiner(" and ", "wrote ", "");
        written.add(output.toString());
        if (report.document() != null) {
            Path document = output.toAbsolutePath().resolveSibling(report.documentName());
            write(document, report.document() + "\n");
            written.add(document.toString());
        }
        out().println(written);
        return 0;
    }

    /** The filters that narrowed the leaderboard, as a title words them. */
    private static String title(Map<String, String> filters) {
        StringJoiner title = new StringJoiner(", ");
        filters.forEach((name, value) -> {
            if (value != null && !name.equals("limit") && !name.equals("metric")) {
                title.add(name.replace("_id", "") + " " + value);
            }
        });
        return title.length() == 0 ? "every succeeded run" : title.toString();
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new CliException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
