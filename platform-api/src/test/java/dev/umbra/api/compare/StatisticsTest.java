package dev.umbra.api.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The statistics against published tables and hand-computed values (plain JUnit: no Quarkus). */
class StatisticsTest {

    @Test
    void criticalValuesMatchThePublishedTable() {
        // two-sided 95 %: t(0.975, df), as printed in every t table
        assertThat(StudentT.critical95(1)).isCloseTo(12.706, within(5e-4));
        assertThat(StudentT.critical95(2)).isCloseTo(4.303, within(5e-4));
        assertThat(StudentT.critical95(4)).isCloseTo(2.776, within(5e-4));
        assertThat(StudentT.critical95(9)).isCloseTo(2.262, within(5e-4));
        assertThat(StudentT.critical95(30)).isCloseTo(2.042, within(5e-4));
        assertThat(StudentT.critical95(120)).isCloseTo(1.980, within(5e-4));
    }

    @Test
    void theCdfMatchesKnownValues() {
        assertThat(StudentT.cdf(0, 5)).isCloseTo(0.5, within(1e-12));
        // df = 1 is the Cauchy distribution: F(t) = 1/2 + atan(t) / pi
        assertThat(StudentT.cdf(1.7, 1)).isCloseTo(0.5 + Math.atan(1.7) / Math.PI, within(1e-12));
        // df = 2 has a closed form: F(t) = 1/2 + t / (2 sqrt(2 + t^2))
        assertThat(StudentT.cdf(-0.8, 2)).isCloseTo(0.5 - 0.8 / (2 * Math.sqrt(2.64)), within(1e-12));
        // one-sided 0.025 tail at the tabulated critical value
        assertThat(StudentT.cdf(2.228, 10)).isCloseTo(0.975, within(1e-4));
    }

    @Test
    void aSummaryOfThreeSeedsByHand() {
        // mean 0.72; deviations -0.02, 0, 0.02 -> std sqrt(0.0008 / 2) = 0.02;
        // half-width 4.303 x 0.02 / sqrt(3) = 0.04969
        Summary s = Summary.of(new double[] {0.70, 0.74, 0.72});

        assertThat(s.n()).isEqualTo(3);
        assertThat(s.mean()).isCloseTo(0.72, within(1e-12));
        assertThat(s.std()).isCloseTo(0.02, within(1e-12));
        assertThat(s.min()).isEqualTo(0.70);
        assertThat(s.max()).isEqualTo(0.74);
        assertThat(s.ci95Low()).isCloseTo(0.72 - 0.04969, within(1e-5));
        assertThat(s.ci95High()).isCloseTo(0.72 + 0.04969, within(1e-5));
    }

    @Test
    void oneValueHasNoSpreadAndNoInterval() {
        Summary s = Summary.of(new double[] {0.5});

        assertThat(s.std()).isNull();
        assertThat(s.ci95Low()).isNull();
        assertThat(s.mean()).isEqualTo(0.5);
    }

    @Test
    void thePairedTestReproducesStudentsSleepData() {
        // Student (1908), Cushny and Peebles' sleep data: extra hours of sleep under two drugs, ten
        // patients. The published paired test: t = -4.0621, df = 9, p = 0.002833, mean difference
        // -1.58, 95 % interval [-2.4599, -0.7001].
        double[] drug2 = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};
        double[] drug1 = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};

        PairedTTest test = PairedTTest.of(drug2, drug1);

        assertThat(test.pairs()).isEqualTo(10);
        assertThat(test.df()).isEqualTo(9);
        assertThat(test.meanDifference()).isCloseTo(-1.58, within(1e-12));
        assertThat(test.t()).isCloseTo(-4.0621, within(1e-4));
        assertThat(test.pValue()).isCloseTo(0.002833, within(1e-6));
        assertThat(test.ci95Low()).isCloseTo(-2.4599, within(1e-4));
        assertThat(test.ci95High()).isCloseTo(-0.7001, within(1e-4));
    }

    @Test
    void identicalPairsAreNoEvidenceOfADifference() {
        PairedTTest same = PairedTTest.of(new double[] {0.7, 0.8}, new double[] {0.7, 0.8});
        PairedTTest shifted = PairedTTest.of(new double[] {0.5, 0.75}, new double[] {0.625, 0.875}); // exact in binary

        assertThat(same.pValue()).isEqualTo(1.0);
        assertThat(same.t()).isNull();
        assertThat(shifted.pValue()).isEqualTo(0.0);
        assertThat(shifted.meanDifference()).isEqualTo(0.125);
        assertThat(PairedTTest.of(new double[] {1}, new double[] {2}).pValue()).isNull();
    }
}
