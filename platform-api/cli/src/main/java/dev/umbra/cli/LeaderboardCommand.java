package dev.umbra.cli;

import dev.umbra.client.dto.GroupDto;
import dev.umbra.client.dto.LeaderboardDto;
import dev.umbra.client.dto.MetricSummaryDto;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "leaderboard", description = "Rank configurations per (dataset, backbone, epochs) by a metric, mean over seeds.")
final class LeaderboardCommand extends ApiCommand {

    @Mixin
    LeaderboardScope scope;

    @Option(names = "--limit", defaultValue = "20", description = "rows per board")
    int limit;

    @Override
    public Integer call() {
        LeaderboardDto board = client().leaderboard(scope.filters(limit));
        if (board.boards().isEmpty()) {
            out().println("no succeeded runs in scope");
            return 0;
        }
        for (LeaderboardDto.Board b : board.boards()) {
            out().printf("%s, %s, %d epochs: %d configurations, ranked by %s (%s)%n", b.dataset(), b.backbone(), b.epochs(),
                    b.configurations(), board.rankedBy(), board.rankedByProtocol());
            List<MetricKey> others = scope.shownMetrics(board, b);
            List<String> header = new ArrayList<>(List.of("rank", "apart from next", "method", "config", "seeds",
                    board.rankedBy(), "95% CI"));
            others.forEach(m -> header.add(m.metric() + " (" + m.protocol() + ")"));
            boolean reference = b.rawPixels() != null;
            if (reference) {
                header.add("beats raw pixels");
            }
            header.add("train s");
            Table table = new Table(header);
            List<MetricKey> columns = new ArrayList<>(List.of(new MetricKey(board.rankedBy(), board.rankedByProtocol())));
            columns.addAll(others);
            for (int i = 0; i < b.rows().size(); i++) {
                LeaderboardDto.Row r = b.rows().get(i);
                GroupDto g = r.group();
                Optional<MetricSummaryDto> ranked = g.metric(board.rankedByProtocol(), board.rankedBy());
                List<Object> row = new ArrayList<>(List.of(r.rank() == null ? "-" : r.rank(),
                        Objects.requireNonNullElse(apartFromNext(r, i + 1 == b.rows().size()), ""), g.method(),
                        Table.shortHash(g.configHash()), g.runs()));
                row.add(ranked.map(m -> Table.meanStd(m.mean(), m.std())).orElse(null));
                row.add(ranked.map(m -> Table.interval(m.ci95Low(), m.ci95High())).orElse(null));
                for (MetricKey other : others) {
                    row.add(g.metric(other.protocol(), other.metric()).map(m -> Table.meanStd(m.mean(), m.std())).orElse(null));
                }
                if (reference) {
                    row.add(beatsRawPixels(r, columns));
                }
                row.add(trainSeconds(g));
                table.row(row);
            }
            table.print(out());
            out().println();
        }
        return 0;
    }

    /** A metric of a board: its name and the protocol it comes from. */
    record MetricKey(String metric, String protocol) {
    }

    /** Every metric some row of the board has, except the ranking one, by name then protocol. */
    static List<MetricKey> otherMetrics(LeaderboardDto board, LeaderboardDto.Board b) {
        TreeSet<MetricKey> others = new TreeSet<>(Comparator.comparing(MetricKey::metric).thenComparing(MetricKey::protocol));
        b.rows().forEach(r -> r.group().metrics().stream()
                .filter(m -> !(m.metric().equals(board.rankedBy()) && m.protocol().equals(board.rankedByProtocol())))
                .forEach(m -> others.add(new MetricKey(m.metric(), m.protocol()))));
        return List.copyOf(others);
    }

    static String trainSeconds(GroupDto g) {
        return g.trainSecondsMean() == null ? null : String.format(Locale.ROOT, "%.1f", g.trainSecondsMean());
    }

    /**
     * The row's verdicts against the board's raw-pixels reference, one per metric column in column
     * order: yes, no, ? (overlapping intervals, or one seed), or - (raw pixels lack the metric); null
     * without verdicts (the reference itself, or a platform older than the verdicts).
     */
    static String beatsRawPixels(LeaderboardDto.Row row, List<MetricKey> columns) {
        if (row.beatsRawPixels() == null || row.beatsRawPixels().isEmpty()) {
            return null;
        }
        StringJoiner verdicts = new StringJoiner(" / ");
        for (MetricKey column : columns) {
            verdicts.add(row.beatsRawPixels().stream()
                    .filter(v -> v.metric().equals(column.metric()) && v.protocol().equals(column.protocol())).findFirst()
                    .map(v -> v.beats() == null ? "?" : v.beats() ? "yes" : "no").orElse("-"));
        }
        return verdicts.toString();
    }

    /** Whether the row is told apart from the next ranked one: yes, no (within noise), ? (no interval), null (last). */
    static String apartFromNext(LeaderboardDto.Row row, boolean last) {
        if (last || row.rank() == null) {
            return null;
        }
        return row.apartFromNext() == null ? "?" : row.apartFromNext() ? "yes" : "no";
    }

}
