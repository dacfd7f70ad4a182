package dev.umbra.cli;

import dev.umbra.cli.Report.Cell;
import dev.umbra.cli.Report.Column;
import dev.umbra.cli.Report.Section;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A booktabs {@code tabular} per board, ready to {@code \input} inside a {@code table} with its own
 * caption; the title, notes, reproduce commands and sweep document travel as {@code %} comments.
 */
final class LatexReportWriter implements ReportWriter {

    @Override
    public String write(Report report) {
        StringBuilder tex = new StringBuilder();
        comment(tex, report.title() + " (needs \\usepackage{booktabs})");
        report.notes().forEach(note -> comment(tex, note));
        for (Section section : report.sections()) {
            tex.append('\n');
            comment(tex, section.caption());
            tex.append("\\begin{tabular}{")
                    .append(section.columns().stream().map(c -> c.right() ? "r" : "l").collect(Collectors.joining()))
                    .append("}\n\\toprule\n");
            tex.append(row(section.columns().stream().map(Column::heading).toList())).append("\\midrule\n");
            for (List<Cell> row : section.rows()) {
                tex.append(row(row.stream().map(c -> c.text() == null ? "--" : c.text()).toList()));
            }
            tex.append("\\bottomrule\n\\end{tabular}\n");
        }
        tex.append('\n');
        comment(tex, "Reproduce:");
        report.reproduce().forEach(command -> comment(tex, command));
        if (report.document() != null) {
            comment(tex, report.documentName() + ":");
            report.document().lines().forEach(line -> comment(tex, line));
        }
        return tex.toString();
    }

    private static String row(List<String> cells) {
        return cells.stream().map(LatexReportWriter::escape).collect(Collectors.joining(" & ", "", " \\\\\n"));
    }

    private static void comment(StringBuilder tex, String line) {
        tex.append("% ").append(line).append('\n');
    }

    /** Text as LaTeX typesets it literally: its ten special characters escaped, | < > (which OT1 fonts misprint) as text commands, ± in math mode. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\' -> escaped.append("\\textbackslash{}");
                case '~' -> escaped.append("\\textasciitilde{}");
                case '^' -> escaped.append("\\textasciicircum{}");
                case '&', '%', '$', '#', '_', '{', '}' -> escaped.append('\\').append(c);
                case '|' -> escaped.append("\\textbar{}");
                case '<' -> escaped.append("\\textless{}");
                case '>' -> escaped.append("\\textgreater{}");
                case '±' -> escaped.append("$\\pm$");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
