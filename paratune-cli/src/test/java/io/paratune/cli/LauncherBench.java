package io.paratune.cli;

import io.paratune.FrozenTrial;
import io.paratune.Study;
import io.paratune.TrialState;
import io.paratune.storage.jdbc.JdbcStorage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Launcher overhead benchmark (docs/benchmarks.md, "CLI launcher overhead"): {@code paratune run}
 * with a trivial objective command ({@code echo "paratune: value=..."}) at parallelism 1, 2 and 8,
 * against the cost of spawning the same command from Java with nothing else around it.
 *
 * <p>Run after {@code mvn -q -B package -pl paratune-cli -am -DskipTests}: {@code java -cp
 * paratune-cli/target/paratune-cli.jar:paratune-cli/target/test-classes io.paratune.cli.LauncherBench
 * [trials] [rounds]}.
 */
public final class LauncherBench {
    private LauncherBench() {}

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.SEVERE);
        System.out.printf(
                Locale.ROOT,
                "cores %d, %d trials per run, %d rounds (median of rounds)%n",
                Runtime.getRuntime().availableProcessors(),
                trials,
                rounds);
        once(Math.min(trials, 50), 2); // warm-up: JIT, SQLite driver, first process spawns
        bareSpawnMillis(50);
        System.out.println("| parallelism | trials/s | gap finish->next start, median (ms) | p90 (ms) |"
                + " ask->tell per trial, median (ms) | bare spawn of the command (ms) |");
        System.out.println("|---|---|---|---|---|---|");
        for (int p : new int[] {1, 2, 8}) {
            double[] rate = new double[rounds];
            double[] gap = new double[rounds];
            double[] gap90 = new double[rounds];
            double[] perTrial = new double[rounds];
            double[] spawn = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                double[] m = once(trials, p);
                rate[r] = m[0];
                gap[r] = m[1];
                gap90[r] = m[2];
                perTrial[r] = m[3];
                spawn[r] = bareSpawnMillis(Math.min(trials, 100));
            }
            System.out.printf(
                    Locale.ROOT,
                    "| %d | %.1f | %.2f | %.2f | %.2f | %.2f |%n",
                    p,
                    median(rate),
                    median(gap),
                    median(gap90),
                    median(perTrial),
                    median(spawn));
        }
    }

    /** trials/s, median gap, p90 gap, median ask->tell (ms). */
    private static double[] once(int trials, int parallelism) throws Exception {
        Path dir = Files.createTempDirectory("paratune-launcher");
        Files.writeString(
                dir.resolve("study.yaml"),
                "name: launcher\n"
                        + "search_space:\n  x: {type: float, low: 0, high: 1}\n"
                        + "command: [echo, \"paratune: value={x}\"]\n"
                        + "sampler: {name: random, options: {seed: 1}}\n"
                        + "trials: " + trials + "\nparallelism: " + parallelism + "\n");
        int code = Main.execute(
                new String[] {"run", dir.resolve("study.yaml").toString(), "--no-progress"},
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()),
                Map.of(),
                false);
        if (code != 0) {
            throw new IllegalStateException("paratune run exited with " + code);
        }
        List<FrozenTrial> done;
        try (JdbcStorage storage = JdbcStorage.open("sqlite:" + dir.resolve("paratune.db"))) {
            Study study = Study.builder().storage(storage).name("launcher").load();
            done = study.trials(TrialState.COMPLETE);
        }
        if (done.size() != trials) {
            throw new IllegalStateException(done.size() + " of " + trials + " trials completed");
        }
        List<Instant> starts = new ArrayList<>();
        List<Instant> ends = new ArrayList<>();
        double[] perTrial = new double[done.size()];
        for (int i = 0; i < done.size(); i++) {
            starts.add(done.get(i).started());
            ends.add(done.get(i).finished());
            perTrial[i] = done.get(i).duration().toNanos() / 1e6;
        }
        starts.sort(null);
        ends.sort(null);
        double span = Duration.between(starts.get(0), ends.get(ends.size() - 1)).toNanos() / 1e9;
        // for each finish, the first start at or after it: the slot it freed being taken again
        List<Double> gaps = new ArrayList<>();
        int s = 0;
        for (Instant end : ends) {
            while (s < starts.size() && starts.get(s).isBefore(end)) {
                s++;
            }
            if (s == starts.size()) {
                break;
            }
            gaps.add(Duration.between(end, starts.get(s)).toNanos() / 1e6);
            s++;
        }
        double[] g = gaps.stream().mapToDouble(Double::doubleValue).toArray();
        return new double[] {trials / span, median(g), percentile(g, 90), median(perTrial)};
    }

    private static double bareSpawnMillis(int n) throws Exception {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            Process p = new ProcessBuilder("echo", "paratune: value=0.5")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            p.waitFor();
            t[i] = (System.nanoTime() - start) / 1e6;
        }
        return median(t);
    }

    private static double median(double[] v) {
        return percentile(v, 50);
    }

    private static double percentile(double[] v, double q) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.round(q / 100 * (s.length - 1)))];
    }
}
