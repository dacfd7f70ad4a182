package dev.umbra.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.umbra.cli.LeaderboardCommand.MetricKey;
import dev.umbra.cli.Report.Cell;
import dev.umbra.cli.Report.Column;
import dev.umbra.cli.Report.Section;
import dev.umbra.cli.Report.Stat;
import dev.umbra.cli.Report.Text;
import dev.umbra.client.dto.GroupDto;
import dev.umbra.client.dto.LeaderboardDto;
import dev.umbra.client.dto.SweepDto;
import dev.umbra.client.dto.SweepRunDto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/** Turns what the API answers (a leaderboard, and a sweep with its runs) into a {@link Report}. */
final class ReportBuilder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportBuilder() {
    }

    /** A leaderboard in some scope ({@code scope} words the filters); each configuration is reproduced by rerunning its runs. */
    static Report leaderboard(LeaderboardDto board, String scope, LeaderboardScope shown) {
        List<String> reproduce = new ArrayList<>();
        for (LeaderboardDto.Board b : board.boards()) {
            for (LeaderboardDto.Row r : b.rows()) {
                GroupDto g = r.group();
                reproduce.add(g.runIds().stream().map(id -> "umbra rerun " + id).collect(Collectors.joining("; "))
                        + "   # " + g.method() + " " + Table.shortHash(g.configHash()) + ", " + b.dataset());
            }
        }
        return new Report("Leaderboard: " + scope, notes(board), sections(board, List.of(), Map.of(), shown), reproduce,
                null, null);
    }

    /**
     * A sweep (a benchmark suite is one): its configurations with the values of its axes, reproduced by
     * submitting its document again (for a suite, also by launching the suite with the same settings).
     */
    static Report sweep(SweepDto sweep, List<SweepRunDto> runs, LeaderboardDto board, LeaderboardScope shown) {
        List<String> axes = new ArrayList<>();
        // The method column already shows method.name (the suite's one axis).
        sweep.spec().path("axes").forEach(a -> {
            if (!a.path("path").asText().equals("method.name")) {
                axes.add(a.path("path").asText());
            }
        });
        Map<String, JsonNode> params = new HashMap<>();
        runs.forEach(r -> params.putIfAbsent(r.configHash(), r.params()));

        String documentName = "sweep-" + sweep.id() + ".json";
        List<String> reproduce = new ArrayList<>();
        if ("benchmark-suite".equals(sweep.kind())) {
            reproduce.add(suiteCommand(sweep));
        }
        reproduce.add("umbra submit " + documentName + " -e " + sweep.experimentId() + "   # the sweep as submitted, seeds added since included");
        reproduce.add("umbra watch --sweep <new sweep id> && umbra report --sweep <new sweep id>");

        List<String> notes = new ArrayList<>();
        StringJoiner states = new StringJoiner(", ");
        sweep.runsByState().forEach((state, n) -> states.add(state + " " + n));
        notes.add(sweep.kind() + " " + sweep.id() + " of experiment " + sweep.experimentId() + ": " + sweep.totalRuns()
                + " runs (" + states + "); only succeeded runs count.");
        notes.addAll(notes(board));
        String title = "Sweep " + sweep.id() + " '" + sweep.name() + "'";
        return new Report(title, notes, sections(board, axes, params, shown), reproduce, documentName,
                pretty(sweep.spec()));
    }

    /** {@code umbra suite} with the settings the suite's base spec holds, for those who prefer it to the document. */
    private static String suiteCommand(SweepDto sweep) {
        JsonNode base = sweep.spec().path("base");
        StringBuilder command = new StringBuilder("umbra suite -e " + sweep.experimentId());
        command.append(" --dataset ").append(base.path("dataset").asText());
        command.append(" --backbone ").append(base.path("backbone").asText());
        command.append(" --epochs ").append(base.path("epochs").asInt());
        command.append(" --batch-size ").append(base.path("batch_size").asInt());
        if (base.has("max_steps_per_epoch")) {
            command.append(" --max-steps-per-epoch ").append(base.path("max_steps_per_epoch").asInt());
        }
        // Always named: a suite of some methods needs them, and a suite of all of them stays the same
        // suite when the zoo grows.
        StringJoiner methods = new StringJoiner(",");
        sweep.spec().path("axes").forEach(axis -> {
            if ("method.name".equals(axis.path("path").asText())) {
                axis.path("values").forEach(m -> methods.add(m.asText()));
            }
        });
        command.append(" --methods ").append(methods);
        StringJoiner seeds = new StringJoiner(",");
        sweep.spec().path("seeds").forEach(s -> seeds.add(s.asText()));
        return command.append(" --seeds ").append(seeds).toString();
    }

    private static List<String> notes(LeaderboardDto board) {
        List<String> notes = new ArrayList<>();
        notes.add("Ranked by " + board.rankedBy() + " (" + board.rankedByProtocol() + "). Each metric names its protocol;"
                + " cells are mean ± sample std over seeds, then the 95 % CI of the mean (Student's t); n counts seeds;"
                + " final-epoch numbers on the test split. Apart from next: yes when the row's 95 % interval of the"
                + " ranking metric lies wholly above the next row's, no when they overlap (the two ranks are within"
                + " noise), ? when either has one seed.");
        if (board.boards().stream().anyMatch(b -> b.rawPixels() != null)) {
            notes.add("Beats raw pixels: one verdict per metric column, in their order; yes when the row's 95 % interval"
                    + " lies wholly above the raw-pixels reference's, no when wholly below, ? when they overlap or the row"
                    + " has one seed (raw pixels, deterministic, count as their value when they ran once).");
        }
        return notes;
    }

    private static List<Section> sections(LeaderboardDto board, List<String> axes, Map<String, JsonNode> params,
                                          LeaderboardScope shown) {
        List<Section> sections = new ArrayList<>();
        for (LeaderboardDto.Board b : board.boards()) {
            List<MetricKey> metrics = new ArrayList<>();
            metrics.add(new MetricKey(board.rankedBy(), board.rankedByProtocol()));
            metrics.addAll(shown.shownMetrics(board, b));
            List<Column> columns = new ArrayList<>(List.of(Column.number("rank"), Column.text("apart from next"),
                    Column.text("method"), Column.text("config")));
            axes.forEach(a -> columns.add(Column.text(a)));
            columns.add(Column.number("n"));
            metrics.forEach(m -> columns.add(Column.metric(m.metric(), m.protocol())));
            boolean reference = b.rawPixels() != null;
            if (reference) {
                columns.add(Column.text("beats raw pixels"));
            }
            columns.add(Column.number("train s"));

            List<List<Cell>> rows = new ArrayList<>();
            for (int i = 0; i < b.rows().size(); i++) {
                LeaderboardDto.Row r = b.rows().get(i);
                GroupDto g = r.group();
                List<Cell> row = new ArrayList<>(List.of(new Text(r.rank() == null ? null : r.rank().toString()),
                        new Text(LeaderboardCommand.apartFromNext(r, i + 1 == b.rows().size())),
                        new Text(g.method()), new Text(Table.shortHash(g.configHash()))));
                JsonNode values = params.get(g.configHash());
                axes.forEach(a -> row.add(new Text(values == null || !values.has(a) ? null : values.get(a).asText())));
                row.add(new Text(String.valueOf(g.runs())));
                for (MetricKey m : metrics) {
                    row.add(g.metric(m.protocol(), m.metric())
                            .<Cell>map(s -> new Stat(s.n(), s.mean(), s.std(), s.ci95Low(), s.ci95High(), g.runs()))
                            .orElse(new Text(null)));
                }
                if (reference) {
                    row.add(new Text(g.configHash().equals(b.rawPixels()) ? "reference"
                            : LeaderboardCommand.beatsRawPixels(r, metrics)));
                }
                row.add(new Text(LeaderboardCommand.trainSeconds(g)));
                rows.add(row);
            }
            sections.add(new Section(b.dataset(), b.backbone(), b.epochs(), columns, rows));
        }
        return sections;
    }

    private static String pretty(JsonNode document) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree always serialises", e);
        }
    }
}
