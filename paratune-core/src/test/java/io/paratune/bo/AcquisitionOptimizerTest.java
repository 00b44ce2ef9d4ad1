package io.paratune.bo;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.space.Distribution;
import io.paratune.space.IntDistribution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AcquisitionOptimizerTest {

    private static InputDimension roundedFor(Distribution d) {
        return InputDimension.rounded(u -> d.toUnit(d.fromUnit(u)));
    }

    @Test
    void neighboursOfARoundedCoordinateAreTheAdjacentAllowedValuesEvenOnALogScale() {
        for (IntDistribution d : List.of(
                IntDistribution.of("n", 0, 4),
                IntDistribution.logScale("n", 1, 1000),
                IntDistribution.stepped("n", 10, 200, 10))) {
            InputDimension dim = roundedFor(d);
            for (long v = d.low(); v <= d.high(); v += d.step()) {
                double[] around = dim.neighbours(d.toUnit(v));
                double below = v == d.low() ? Double.NaN : d.toUnit(v - d.step());
                double above = v == d.high() ? Double.NaN : d.toUnit(v + d.step());
                assertThat(around).as("%s at %d", d, v).containsExactly(below, above);
            }
        }
    }

    @Test
    void aSingleValueHasNoNeighbours() {
        IntDistribution one = IntDistribution.of("n", 3, 3);
        assertThat(roundedFor(one).neighbours(0.5)).containsExactly(Double.NaN, Double.NaN);
    }

    /**
     * Six ints of ten values each and a short lengthscale, so the acquisition changes within a
     * cell: rounding the continuous optimum alone lands where moving one int by one step scores
     * higher (on 3 of these 12 seeds); the neighbour search ends where no single step does.
     */
    @Test
    void withTheNeighbourSearchAProposalWithIntsIsOneWhereNoSingleStepOfAnIntScoresHigher() {
        int d = 6;
        IntDistribution range = IntDistribution.of("n", 0, 9);
        List<InputDimension> dims = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            dims.add(roundedFor(range));
        }
        List<String> notLocal = new ArrayList<>();
        for (long seed = 0; seed < 12; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            int n = 30;
            double[][] x = new double[n][d];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    x[i][j] = range.toUnit(r.nextInt(10));
                    s += Math.sin(7 * x[i][j] + j) * (j % 2 == 0 ? 1 : x[i][(j + 1) % d]);
                }
                y[i] = s;
            }
            GaussianProcess gp = GaussianProcess.withHyperparameters(
                    x,
                    y,
                    new boolean[d],
                    new Hyperparameters(new double[] {0.08, 0.1, 0.12, 0.08, 0.1, 0.12}, 1, 1e-6));
            AcquisitionOptions options = AcquisitionOptions.defaults().withDiscreteNeighbours(true);
            AcquisitionFunction f = AcquisitionFunction.of(gp, List.of(), options, seed);
            AcquisitionOptimizer.Proposal p =
                    AcquisitionOptimizer.optimize(f, dims, options, new CandidateCache(), z -> false, seed, null);
            double[] z = p.point();
            for (int j = 0; j < d; j++) {
                assertThat(z[j]).as("an allowed value").isEqualTo(dims.get(j).fromUnit(z[j]));
            }
            double at = f.value(z, null);
            boolean improvable = false;
            for (int j = 0; j < d; j++) {
                for (double v : dims.get(j).neighbours(z[j])) {
                    if (!Double.isNaN(v)) {
                        double[] moved = z.clone();
                        moved[j] = v;
                        improvable |= f.value(moved, null) > at;
                    }
                }
            }
            if (improvable) {
                notLocal.add("seed " + seed + ": " + Arrays.toString(z));
            }
        }
        assertThat(notLocal).as("proposals a single int step would improve").isEmpty();
    }
}
