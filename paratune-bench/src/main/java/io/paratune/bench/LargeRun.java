package io.paratune.bench;

import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.space.FloatDistribution;
import io.paratune.space.SearchSpace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One run of the large protocol: a fresh in-memory study minimising one function with one sampler
 * and seed, {@code budget} evaluations in rounds of {@code batch} asks before any tell (what {@code
 * batch} parallel workers look like to the optimiser). A run given a time limit stops after the
 * round during which the limit passed.
 *
 * @param trajectory the best value after each evaluation, in evaluation order (shorter than the
 *     budget only when the time limit stopped the run)
 * @param roundAskSeconds the wall time of each round's asks, the sampler's share of the round
 * @param roundAskCpuSeconds the CPU time of the whole process (all threads) during each round's
 *     asks: much less affected by other processes on a shared machine than the wall time
 * @param wallSeconds the run's wall time, sampler and objective included
 * @param cpuSeconds the process's CPU time over the run
 * @param loadStart the load averages (1, 5, 15 minutes) when the run began, or null if unknown
 * @param loadEnd the load averages when it ended, or null
 */
record LargeRun(
        SamplerChoice choice,
        Objective function,
        long seed,
        int budget,
        int batch,
        double[] trajectory,
        double[] roundAskSeconds,
        double[] roundAskCpuSeconds,
        double wallSeconds,
        double cpuSeconds,
        double[] loadStart,
        double[] loadEnd) {

    /** The evaluations at which the summaries report the regret, below the budget; the budget itself is added. */
    static final List<Integer> CHECKPOINTS = List.of(100, 250, 500, 1000);

    /**
     * Runs the protocol.
     *
     * @param timeLimitSeconds stop after the round that passes this wall time; {@code <= 0} for none
     */
    static LargeRun run(
            SamplerChoice choice, Objective function, long seed, int budget, int batch, double timeLimitSeconds) {
        List<FloatDistribution> dists = new ArrayList<>();
        for (int i = 0; i < function.dimension(); i++) {
            dists.add(FloatDistribution.of("x" + i, function.lower(i), function.upper(i)));
        }
        SearchSpace space = SearchSpace.of(dists);
        double[] loadStart = loadAverage();
        Study study = Study.builder().sampler(choice.create(seed)).create();
        double[] trajectory = new double[budget];
        List<Double> rounds = new ArrayList<>();
        List<Double> roundsCpu = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        int done = 0;
        long start = System.nanoTime();
        long cpuStart = GpTimeCommand.processCpuNanos();
        while (done < budget) {
            List<Trial> asked = new ArrayList<>();
            long roundStart = System.nanoTime();
            long roundCpu = GpTimeCommand.processCpuNanos();
            for (int i = 0; i < Math.min(batch, budget - done); i++) {
                asked.add(study.ask(space));
            }
            rounds.add((System.nanoTime() - roundStart) / 1e9);
            roundsCpu.add((GpTimeCommand.processCpuNanos() - roundCpu) / 1e9);
            double[] values = new double[asked.size()];
            for (int k = 0; k < asked.size(); k++) {
                double[] x = new double[function.dimension()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (Double) asked.get(k).params().get("x" + i);
                }
                values[k] = function.apply(x);
            }
            for (int k = 0; k < asked.size(); k++) {
                study.tell(asked.get(k), values[k]);
                best = Math.min(best, values[k]);
                trajectory[done++] = best;
            }
            if (timeLimitSeconds > 0 && (System.nanoTime() - start) / 1e9 >= timeLimitSeconds) {
                break;
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = (GpTimeCommand.processCpuNanos() - cpuStart) / 1e9;
        return new LargeRun(
                choice,
                function,
                seed,
                budget,
                batch,
                Arrays.copyOf(trajectory, done),
                rounds.stream().mapToDouble(Double::doubleValue).toArray(),
                roundsCpu.stream().mapToDouble(Double::doubleValue).toArray(),
                wall,
                cpu,
                loadStart,
                loadAverage());
    }

    /** The shared results format plus the large protocol's fields, on one line. */
    String toJson(String system) {
        JsonLine line = new JsonLine()
                .put("system", system)
                .put("sampler", choice.className())
                .put("config", choice.description())
                .put("mode", "batch" + batch)
                .put("function", function.id())
                .put("seed", seed)
                .put("f_star", function.fStar(), 6)
                .put("trajectory", trajectory)
                .put("wall_seconds", wallSeconds, 4)
                .put("batch", batch)
                .put("budget", budget)
                .put("round_ask_seconds", roundAskSeconds)
                .put("cpu_seconds", cpuSeconds, 4)
                .put("round_ask_cpu_seconds", roundAskCpuSeconds);
        putLoad(line, "load_average_start", loadStart);
        putLoad(line, "load_average_end", loadEnd);
        if (stopped()) {
            line.put("stopped", "time limit passed after " + trajectory.length + " of " + budget + " evaluations");
        }
        return line.toString();
    }

    private static void putLoad(JsonLine line, String key, double[] load) {
        if (load == null) {
            line.put(key, (String) null);
        } else {
            line.put(key, load);
        }
    }

    /** Whether the time limit ended the run before its budget. */
    boolean stopped() {
        return trajectory.length < budget;
    }

    /** log10 of the simple regret after {@code evaluations} (floor 1e-12), or NaN past the trajectory. */
    double logRegretAt(int evaluations) {
        if (evaluations > trajectory.length) {
            return Double.NaN;
        }
        return Math.log10(Math.max(trajectory[evaluations - 1] - function.fStar(), 1e-12));
    }

    /** The checkpoints of {@link #CHECKPOINTS} below {@code budget}, then {@code budget}. */
    static List<Integer> checkpoints(int budget) {
        List<Integer> out =
                new ArrayList<>(CHECKPOINTS.stream().filter(c -> c < budget).toList());
        out.add(budget);
        return out;
    }

    /** The 1-, 5- and 15-minute load averages of {@code /proc/loadavg}, or null where there is none. */
    static double[] loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return new double[] {
                Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2])
            };
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
