package dev.umbra.cli;

import dev.umbra.cli.Report.Cell;
import dev.umbra.cli.Report.Column;
import dev.umbra.cli.Report.Section;
import java.util.List;
import java.util.stream.Collectors;

/** GitHub-flavoured Markdown: a heading per board, a pipe table, the reproduce commands in a code block. */
final class MarkdownReportWriter implements ReportWriter {

    @Override
    public String write(Report report) {
        StringBuilder md = new StringBuilder("# ").append(report.title()).append("\n\n");
        report.notes().forEach(note -> md.append(note).append("\n\n"));
        for (Section section : report.sections()) {
            md.append("## ").append(section.caption()).append("\n\n");
            md.append(line(section.columns().stream().map(Column::heading).toList()));
            md.append(line(section.columns().stream().map(c -> c.right() ? "---:" : "---").toList()));
            for (List<Cell> row : section.rows()) {
                md.append(line(row.stream().map(c -> c.text() == null ? "-" : c.text()).toList()));
            }
            md.append('\n');
        }
        md.append("## Reproduce\n\n```bash\n");
        report.reproduce().forEach(command -> md.append(command).append('\n'));
        md.append("```\n");
        if (report.document() != null) {
            md.append("\n`").append(report.documentName()).append("`:\n\n```json\n").append(report.document()).append("\n```\n");
        }
        return md.toString();
    }

    private static String line(List<String> cells) {
        // A pipe inside a cell would end it.
        return cells.stream().map(c -> c.replace("|", "\\|")).collect(Collectors.joining(" | ", "| ", " |\n"));
    }
}
