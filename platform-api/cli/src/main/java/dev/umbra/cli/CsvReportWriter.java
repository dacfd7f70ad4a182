package dev.umbra.cli;

import dev.umbra.cli.Report.Cell;
import dev.umbra.cli.Report.Column;
import dev.umbra.cli.Report.Section;
import dev.umbra.cli.Report.Stat;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * RFC 4180 CSV for spreadsheets and data frames: one header, one record per configuration, the board's
 * dataset, backbone and epochs as leading fields, and each metric split into mean, std, n and the
 * interval's bounds. Boards with different metrics share the header (the union); a field a board lacks
 * is empty. The reproduce commands are not part of the data: {@code umbra report -o} writes the sweep
 * document beside the file.
 */
final class CsvReportWriter implements ReportWriter {

    private static final List<String> STAT_FIELDS = List.of("mean", "std", "n", "ci95_low", "ci95_high");

    @Override
    public String write(Report report) {
        LinkedHashSet<Column> columns = new LinkedHashSet<>();
        report.sections().forEach(s -> columns.addAll(s.columns()));
        List<String> header = new ArrayList<>(List.of("dataset", "backbone", "epochs"));
        for (Column c : columns) {
            if (c.protocol() == null) {
                header.add(c.heading());
            } else {
                STAT_FIELDS.forEach(f -> header.add(c.heading() + " " + f));
            }
        }
        StringBuilder csv = new StringBuilder(record(header));
        for (Section section : report.sections()) {
            for (List<Cell> row : section.rows()) {
                List<String> fields = new ArrayList<>(List.of(section.dataset(), section.backbone(), String.valueOf(section.epochs())));
                for (Column c : columns) {
                    int at = section.columns().indexOf(c);
                    Cell cell = at < 0 ? null : row.get(at);
                    if (c.protocol() == null) {
                        fields.add(cell == null || cell.text() == null ? "" : cell.text());
                    } else if (cell instanceof Stat s) {
                        fields.addAll(List.of(Table.number(s.mean()), s.std() == null ? "" : Table.number(s.std()),
                                String.valueOf(s.n()), s.ciLow() == null ? "" : Table.number(s.ciLow()),
                                s.ciHigh() == null ? "" : Table.number(s.ciHigh())));
                    } else {
                        STAT_FIELDS.forEach(f -> fields.add(""));
                    }
                }
                csv.append(record(fields));
            }
        }
        return csv.toString();
    }

    /** One record, CRLF-terminated; a field with a comma, a quote or a line break is quoted, its quotes doubled. */
    private static String record(List<String> fields) {
        return fields.stream().map(f -> f.matches("(?s).*[,\"\r\n].*") ? "\"" + f.replace("\"", "\"\"") + "\"" : f)
                .collect(Collectors.joining(",", "", "\r\n"));
    }
}
