package dev.umbra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umbra.cli.Report.Column;
import dev.umbra.cli.Report.Section;
import dev.umbra.cli.Report.Stat;
import dev.umbra.cli.Report.Text;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three writers on one fixed report: exact text, with the characters each format must escape or quote. */
class ReportWritersTest {

    // Two boards with different metrics; a method name holding what Markdown, CSV and LaTeX each treat specially.
    private static final Report REPORT = new Report("Sweep 3 'demo'", List.of("Ranked by linear-probe/top1 (linear-probe/v1)."),
            List.of(new Section("digits_v2", "convnet-s", 5,
                            List.of(Column.number("rank"), Column.text("method"), Column.number("n"),
                                    Column.metric("linear-probe/top1", "linear-probe/v1"),
                                    Column.metric("label-efficiency/top1@1%", "label-efficiency/v1"), Column.text("beats raw pixels")),
                            List.of(List.of(new Text("1"), new Text("odd_name & \"x\" | #1"), new Text("3"),
                                            new Stat(3, 0.81, 0.01, 0.7852, 0.8348, 3), new Stat(2, 0.5, 0.02, 0.32, 0.68, 3),
                                            new Text("yes / ?")),
                                    List.of(new Text("2"), new Text("raw-pixels"), new Text("1"), new Stat(1, 0.74, null, null, null, 1),
                                            new Text(null), new Text("reference")))),
                    new Section("digits_v2", "convnet-s", 10,
                            List.of(Column.number("rank"), Column.text("method"), Column.number("n"), Column.metric("knn/top1", "knn/v1")),
                            List.of(List.of(new Text("1"), new Text("simclr"), new Text("1"), new Stat(1, 0.6, null, null, null, 1))))),
            List.of("umbra submit sweep-3.json -e 1"), "sweep-3.json", "{\n  \"seeds\" : [ 1 ]\n}");

    @Test
    void markdownHasAPipeTablePerBoardAndTheReproduceCommands() {
        assertThat(new MarkdownReportWriter().write(REPORT)).isEqualTo("""
                # Sweep 3 'demo'

                Ranked by linear-probe/top1 (linear-probe/v1).

                ## digits_v2, convnet-s, 5 epochs

                | rank | method | n | linear-probe/top1 (linear-probe/v1) | label-efficiency/top1@1% (label-efficiency/v1) | beats raw pixels |
                | ---: | --- | ---: | ---: | ---: | --- |
                | 1 | odd_name & "x" \\| #1 | 3 | 0.8100 ± 0.0100 [0.7852, 0.8348] | 0.5000 ± 0.0200 [0.3200, 0.6800] (n=2) | yes / ? |
                | 2 | raw-pixels | 1 | 0.7400 | - | reference |

                ## digits_v2, convnet-s, 10 epochs

                | rank | method | n | knn/top1 (knn/v1) |
                | ---: | --- | ---: | ---: |
                | 1 | simclr | 1 | 0.6000 |

                ## Reproduce

                ```bash
                umbra submit sweep-3.json -e 1
                ```

                `sweep-3.json`:

                ```json
                {
                  "seeds" : [ 1 ]
                }
                ```
                """);
    }

    @Test
    void csvHasOneHeaderOverBothBoardsAndQuotesPerRfc4180() {
        String stats = " mean,%1$s std,%1$s n,%1$s ci95_low,%1$s ci95_high";
        assertThat(new CsvReportWriter().write(REPORT)).isEqualTo(String.join("\r\n",
                "dataset,backbone,epochs,rank,method,n,linear-probe/top1 (linear-probe/v1)"
                        + stats.formatted("linear-probe/top1 (linear-probe/v1)")
                        + ",label-efficiency/top1@1% (label-efficiency/v1)" + stats.formatted("label-efficiency/top1@1% (label-efficiency/v1)")
                        + ",beats raw pixels,knn/top1 (knn/v1)" + stats.formatted("knn/top1 (knn/v1)"),
                "digits_v2,convnet-s,5,1,\"odd_name & \"\"x\"\" | #1\",3,0.8100,0.0100,3,0.7852,0.8348,0.5000,0.0200,2,0.3200,0.6800,"
                        + "yes / ?,,,,,",
                "digits_v2,convnet-s,5,2,raw-pixels,1,0.7400,,1,,,,,,,,reference,,,,,",
                "digits_v2,convnet-s,10,1,simclr,1,,,,,,,,,,,,0.6000,,1,,",
                ""));
    }

    @Test
    void latexHasABooktabsTabularPerBoardWithSpecialCharactersEscaped() {
        assertThat(new LatexReportWriter().write(REPORT)).isEqualTo("""
                % Sweep 3 'demo' (needs \\usepackage{booktabs})
                % Ranked by linear-probe/top1 (linear-probe/v1).

                % digits_v2, convnet-s, 5 epochs
                \\begin{tabular}{rlrrrl}
                \\toprule
                rank & method & n & linear-probe/top1 (linear-probe/v1) & label-efficiency/top1@1\\% (label-efficiency/v1) & beats raw pixels \\\\
                \\midrule
                1 & odd\\_name \\& "x" \\textbar{} \\#1 & 3 & 0.8100 $\\pm$ 0.0100 [0.7852, 0.8348] & 0.5000 $\\pm$ 0.0200 [0.3200, 0.6800] (n=2) & yes / ? \\\\
                2 & raw-pixels & 1 & 0.7400 & -- & reference \\\\
                \\bottomrule
                \\end{tabular}

                % digits_v2, convnet-s, 10 epochs
                \\begin{tabular}{rlrr}
                \\toprule
                rank & method & n & knn/top1 (knn/v1) \\\\
                \\midrule
                1 & simclr & 1 & 0.6000 \\\\
                \\bottomrule
                \\end{tabular}

                % Reproduce:
                % umbra submit sweep-3.json -e 1
                % sweep-3.json:
                % {
                %   "seeds" : [ 1 ]
                % }
                """);
    }

    @Test
    void latexEscapesEverySpecialCharacter() {
        assertThat(LatexReportWriter.escape("\\ ~ ^ & % $ # _ { } | < > ±"))
                .isEqualTo("\\textbackslash{} \\textasciitilde{} \\textasciicircum{} \\& \\% \\$ \\# \\_ \\{ \\} \\textbar{} \\textless{} \\textgreater{} $\\pm$");
    }
}
