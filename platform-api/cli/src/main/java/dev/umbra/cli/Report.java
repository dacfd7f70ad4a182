package dev.umbra.cli;

import java.util.List;

/**
 * What {@code umbra report} renders, independent of the format: one section per leaderboard board
 * (dataset, backbone, epoch budget), each rows × columns; the reproduce commands; and the sweep
 * document those commands submit, when there is one.
 *
 * @param title       one line naming what is reported
 * @param notes       lines read before the tables (ranking, what the numbers are)
 * @param reproduce   shell lines that recreate the runs behind the tables
 * @param document    the sweep document {@code reproduce} refers to as {@code documentName}; null for none
 */
record Report(String title, List<String> notes, List<Section> sections, List<String> reproduce, String documentName,
              String document) {

    record Section(String dataset, String backbone, int epochs, List<Column> columns, List<List<Cell>> rows) {

        /** The caption the Markdown and LaTeX writers print above the table. */
        String caption() {
            return dataset + ", " + backbone + ", " + epochs + " epochs";
        }
    }

    /**
     * A column: a metric column names its protocol ({@code protocol} null for the others); {@code right}
     * aligns numbers.
     */
    record Column(String name, String protocol, boolean right) {

        static Column text(String name) {
            return new Column(name, null, false);
        }

        static Column number(String name) {
            return new Column(name, null, true);
        }

        static Column metric(String name, String protocol) {
            return new Column(name, protocol, true);
        }

        /** The heading of Markdown, LaTeX and (with a suffix per number) CSV. */
        String heading() {
            return protocol == null ? name : name + " (" + protocol + ")";
        }
    }

    sealed interface Cell permits Text, Stat {
        /** The cell as one human-readable string; null for an empty cell. */
        String text();
    }

    /** A plain value; null for none. */
    record Text(String value) implements Cell {
        @Override
        public String text() {
            return value;
        }
    }

    /**
     * A metric over the seeds of a configuration. {@code rowSeeds} is the configuration's run count:
     * when fewer runs reported this metric, the cell says its own n.
     */
    record Stat(int n, double mean, Double std, Double ciLow, Double ciHigh, int rowSeeds) implements Cell {
        @Override
        public String text() {
            String text = Table.meanStd(mean, std) + (ciLow == null ? "" : " " + Table.interval(ciLow, ciHigh));
            return n == rowSeeds ? text : text + " (n=" + n + ")";
        }
    }
}
