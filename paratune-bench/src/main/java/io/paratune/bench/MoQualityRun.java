package io.paratune.bench;

import io.paratune.Direction;
import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.moo.Hypervolume;
import io.paratune.moo.Pareto;
import io.paratune.sampler.Sampler;
import io.paratune.space.FloatDistribution;
import io.paratune.space.SearchSpace;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One run of the shared multi-objective protocol: a fresh in-memory study minimising every
 * objective of one function with one sampler and seed, {@code budget} evaluations asked 8 at a
 * time before any is told ({@code batch8}).
 *
 * @param trajectory the hypervolume of the non-dominated evaluated points w.r.t. the protocol's
 *     reference point after each evaluation
 * @param wallSeconds the run's wall time, sampler and objective included
 */
record MoQualityRun(SamplerChoice choice, MoFunction function, long seed, double[] trajectory, double wallSeconds) {

    static final int BATCH = 8;

    static MoQualityRun run(SamplerChoice choice, MoFunction function, long seed, int budget) {
        List<FloatDistribution> dists = new ArrayList<>();
        for (int i = 0; i < function.dimension(); i++) {
            dists.add(FloatDistribution.of("x" + i, 0, 1));
        }
        SearchSpace space = SearchSpace.of(dists);
        Direction[] directions =
                Collections.nCopies(function.objectives(), Direction.MINIMIZE).toArray(new Direction[0]);
        Sampler sampler = choice.sampler().equals("gp") && choice.config().startsWith("ref")
                ? SamplerChoice.gpWithReference(choice.config(), seed, function.reference())
                : choice.create(seed);
        Study study = Study.builder().directions(directions).sampler(sampler).create();
        double[] trajectory = new double[budget];
        List<double[]> front = new ArrayList<>();
        int done = 0;
        long start = System.nanoTime();
        while (done < budget) {
            List<Trial> asked = new ArrayList<>();
            for (int i = 0; i < Math.min(BATCH, budget - done); i++) {
                asked.add(study.ask(space));
            }
            for (Trial t : asked) {
                double[] x = new double[function.dimension()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (Double) t.params().get("x" + i);
                }
                double[] y = function.apply(x);
                study.tell(t, y);
                front = addToFront(front, y);
                trajectory[done++] = Hypervolume.compute(front, function.reference());
            }
        }
        return new MoQualityRun(choice, function, seed, trajectory, (System.nanoTime() - start) / 1e9);
    }

    /** The front with {@code y} added unless dominated, and the points {@code y} dominates removed. */
    static List<double[]> addToFront(List<double[]> front, double[] y) {
        List<double[]> out = new ArrayList<>();
        for (double[] q : front) {
            if (Pareto.dominates(q, y) || java.util.Arrays.equals(q, y)) {
                return front;
            }
            if (!Pareto.dominates(y, q)) {
                out.add(q);
            }
        }
        out.add(y);
        return out;
    }

    /** log10 of the hypervolume gap after {@code evaluations} (floor 1e-12). */
    double logGap(int evaluations) {
        return Math.log10(Math.max(function.hvTrue() - trajectory[evaluations - 1], 1e-12));
    }

    /** The shared results format: one JSON object on one line. */
    String toJson(String system) {
        return new JsonLine()
                .put("system", system)
                .put("sampler", choice.className())
                .put("config", choice.description())
                .put("mode", "batch8")
                .put("function", function.id())
                .put("seed", seed)
                .put("hv_true", function.hvTrue(), 6)
                .put("reference", function.reference())
                .put("trajectory", trajectory)
                .put("wall_seconds", wallSeconds, 4)
                .toString();
    }
}
