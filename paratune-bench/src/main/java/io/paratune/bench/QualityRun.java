package io.paratune.bench;

import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.space.FloatDistribution;
import io.paratune.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of the shared quality protocol: a fresh in-memory study minimising one function with
 * one sampler and seed, {@code budget} evaluations. {@code seq} asks, evaluates and tells one
 * trial at a time; {@code batch8} asks 8 trials before telling any, round after round.
 *
 * @param trajectory the best value after each evaluation, in evaluation order
 * @param wallSeconds the run's wall time, sampler and objective included
 */
record QualityRun(
        SamplerChoice choice, Objective function, String mode, long seed, double[] trajectory, double wallSeconds) {

    static final int BATCH = 8;

    static QualityRun run(SamplerChoice choice, Objective function, String mode, long seed, int budget) {
        List<FloatDistribution> dists = new ArrayList<>();
        for (int i = 0; i < function.dimension(); i++) {
            dists.add(FloatDistribution.of("x" + i, function.lower(i), function.upper(i)));
        }
        SearchSpace space = SearchSpace.of(dists);
        Study study = Study.builder().sampler(choice.create(seed)).create();
        double[] trajectory = new double[budget];
        double best = Double.POSITIVE_INFINITY;
        int done = 0;
        int batch = switch (mode) {
            case "seq" -> 1;
            case "batch8" -> BATCH;
            default -> throw new UsageException("--mode " + mode + " is not known; give seq or batch8");
        };
        long start = System.nanoTime();
        while (done < budget) {
            List<Trial> asked = new ArrayList<>();
            for (int i = 0; i < Math.min(batch, budget - done); i++) {
                asked.add(study.ask(space));
            }
            for (Trial t : asked) {
                double[] x = new double[function.dimension()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (Double) t.params().get("x" + i);
                }
                double y = function.apply(x);
                study.tell(t, y);
                best = Math.min(best, y);
                trajectory[done++] = best;
            }
        }
        return new QualityRun(choice, function, mode, seed, trajectory, (System.nanoTime() - start) / 1e9);
    }

    /** The shared results format: one JSON object on one line. */
    String toJson(String system) {
        return new JsonLine()
                .put("system", system)
                .put("sampler", choice.className())
                .put("config", choice.description())
                .put("mode", mode)
                .put("function", function.id())
                .put("seed", seed)
                .put("f_star", function.fStar(), 6)
                .put("trajectory", trajectory)
                .put("wall_seconds", wallSeconds, 4)
                .toString();
    }

    double finalBest() {
        return trajectory[trajectory.length - 1];
    }
}
