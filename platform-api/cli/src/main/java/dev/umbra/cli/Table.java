package dev.umbra.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A plain-text table: a header, rows, columns padded to their widest cell; numbers right-aligned. */
final class Table {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... header) {
        this.header = List.of(header);
    }

    Table(List<String> header) {
        this.header = List.copyOf(header);
    }

    Table row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(cell == null ? "-" : cell.toString());
        }
        rows.add(row);
        return this;
    }

    Table row(List<?> cells) {
        return row(cells.toArray());
    }

    void print(PrintWriter out) {
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], c < row.size() ? row.get(c).length() : 0);
            }
        }
        out.println(line(header, widths, false));
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            rule.append(c == 0 ? "" : "  ").append("-".repeat(widths[c]));
        }
        out.println(rule);
        for (List<String> row : rows) {
            out.println(line(row, widths, true));
        }
    }

    private static String line(List<String> cells, int[] widths, boolean alignNumbers) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            String cell = c < cells.size() ? cells.get(c) : "";
            boolean right = alignNumbers && isNumeric(cell);
            String padded = right ? " ".repeat(widths[c] - cell.length()) + cell : cell + " ".repeat(widths[c] - cell.length());
            line.append(c == 0 ? "" : "  ").append(padded);
        }
        return line.toString().stripTrailing();
    }

    private static boolean isNumeric(String cell) {
        return !cell.isEmpty() && cell.matches("[-+0-9.,%±\\[\\] ]+") && cell.chars().anyMatch(Character::isDigit);
    }

    /** A fraction or score with four decimals. */
    static String number(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }

    /** Mean and, when known, standard deviation: {@code 0.7200 ± 0.0200}. */
    static String meanStd(double mean, Double std) {
        return std == null ? number(mean) : number(mean) + " ± " + number(std);
    }

    static String interval(Double low, Double high) {
        return low == null ? "-" : "[" + number(low) + ", " + number(high) + "]";
    }

    static String shortHash(String hash) {
        return hash == null ? "-" : hash.substring(0, Math.min(12, hash.length()));
    }
}
