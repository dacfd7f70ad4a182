package dev.umbra.cli;

import dev.umbra.client.dto.ComparisonDto;
import dev.umbra.client.dto.SpecDifferenceDto;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "compare", description = "Compare two configurations (config hashes): metric by metric, paired by seed; and their specs.")
final class CompareCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "A", description = "config hash of the reference")
    String a;

    @Parameters(index = "1", paramLabel = "B", description = "config hash to compare with it (differences are B - A)")
    String b;

    @Override
    public Integer call() {
        ComparisonDto c = client().compare(a, b);
        out().printf("A: %s %s (%d runs)   B: %s %s (%d runs)%n", c.a().method(), Table.shortHash(c.a().configHash()),
                c.a().runs(), c.b().method(), Table.shortHash(c.b().configHash()), c.b().runs());
        Table metrics = new Table("metric", "protocol", "A", "B", "B - A", "pairs", "95% CI of B - A", "p (paired t)");
        for (ComparisonDto.Metric m : c.metrics()) {
            ComparisonDto.PairedTest p = m.paired();
            metrics.row(m.metric(), m.protocol(), Table.meanStd(m.a().mean(), m.a().std()), Table.meanStd(m.b().mean(), m.b().std()),
                    String.format(Locale.ROOT, "%+.4f", m.difference()), p == null ? 0 : p.pairs(),
                    p == null ? null : Table.interval(p.ci95Low(), p.ci95High()),
                    p == null || p.pValue() == null ? null : String.format(Locale.ROOT, "%.4g", p.pValue()));
        }
        metrics.print(out());
        out().println();
        if (c.specDiff().isEmpty()) {
            out().println("the specs do not differ (same configuration)");
        } else {
            Table diff = new Table("spec path", "A", "B");
            for (SpecDifferenceDto d : c.specDiff()) {
                diff.row(d.path(), d.a() == null ? null : d.a().toString(), d.b() == null ? null : d.b().toString());
            }
            diff.print(out());
        }
        return 0;
    }
}
