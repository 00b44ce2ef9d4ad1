package io.paratune.bench;

import io.paratune.moo.Hypervolume;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hv-time}: the time of one exact hypervolume of {@code n} mutually non-dominated points in
 * {@code m} objectives, reference point (1.1, ..., 1.1). The points lie on the unit sphere in the
 * positive orthant: {@code u / |u|} for {@code u_j = frac(0.5 + (i + 1) sqrt(p_j))}, {@code p_j}
 * the j-th prime, so the Optuna peer ({@code peers/optuna_hv_time.py}) computes the same sets
 * without sharing a random generator. One unmeasured run, then the median of {@code --repeats}.
 */
@Command(
        name = "hv-time",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "time of one exact hypervolume of n non-dominated points in m objectives")
final class HvTimeCommand extends BenchCommand {
    private static final int[] PRIMES = {2, 3, 5, 7, 11, 13, 17, 19};

    @Option(
            names = "--objectives",
            split = ",",
            paramLabel = "M",
            defaultValue = "2,3",
            description = "objective counts, comma-separated, 1 to 8 (default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    List<Integer> objectives;

    @Option(
            names = "--points",
            split = ",",
            paramLabel = "N",
            defaultValue = "1000,10000",
            description = "point counts, comma-separated (default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    List<Integer> sizes;

    @Option(
            names = "--repeats",
            paramLabel = "N",
            defaultValue = "5",
            description = "timed runs per case after one unmeasured run (default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    int repeats;

    @Option(names = "--out", paramLabel = "FILE", description = "JSON lines are appended here too (default: none)")
    String file;

    @Override
    int run(PrintStream out, PrintStream err) {
        for (int m : objectives) {
            if (m > PRIMES.length) {
                throw new UsageException(
                        "--objectives " + m + " is more than " + PRIMES.length + "; give 1 to " + PRIMES.length);
            }
        }
        String system = "paratune " + QualityCommand.version();
        try (ResultFiles.Sink sink = ResultFiles.sink(file, out)) {
            for (int m : objectives) {
                for (int n : sizes) {
                    String line = measure(system, m, n, repeats, err);
                    sink.emit(line);
                }
            }
        }
        return BenchMain.OK;
    }

    /** The benchmark's point set: {@code n} points on the unit sphere of {@code m} dimensions. */
    static List<double[]> sphere(int m, int n) {
        List<double[]> points = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] p = new double[m];
            double norm = 0;
            for (int j = 0; j < m; j++) {
                double x = 0.5 + (i + 1) * Math.sqrt(PRIMES[j]);
                p[j] = x - Math.floor(x);
                norm += p[j] * p[j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < m; j++) {
                p[j] /= norm;
            }
            points.add(p);
        }
        return points;
    }

    static String measure(String system, int m, int n, int repeats, PrintStream err) {
        List<double[]> points = sphere(m, n);
        double[] reference = new double[m];
        Arrays.fill(reference, 1.1);
        double volume = Hypervolume.compute(points, reference); // unmeasured
        double[] ms = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            volume = Hypervolume.compute(points, reference);
            ms[r] = (System.nanoTime() - t0) / 1e6;
        }
        double median = GpTimeCommand.median(ms);
        err.printf(
                Locale.ROOT,
                "%s hypervolume, %d objectives, %d points: median %.2f ms (volume %.6f)%n",
                system,
                m,
                n,
                median,
                volume);
        return new JsonLine()
                .put("system", system)
                .put("objectives", m)
                .put("points", n)
                .put("median_ms", median, 3)
                .put("ms", ms)
                .put("hypervolume", volume, 9)
                .toString();
    }
}
