package io.paratune.bo;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the scrambled-Sobol candidates of the models whose acquisitions a caller maximises, with
 * their posterior moments, from one {@link AcquisitionOptimizer#optimize} to the next.
 *
 * <p>The asks of a batch condition the same models on more pending points each, so with the
 * candidates kept they pay only for the cross-covariances with those points. A caller keeps one
 * cache per study (the GP sampler keeps it in its per-study state); it holds the candidates of the
 * last optimisation's models only, so that a refitted model's are not kept. Thread-safe.
 */
public final class CandidateCache {
    private Map<GaussianProcess, RawSet> sets = new IdentityHashMap<>();

    /** An empty cache. */
    public CandidateCache() {}

    /**
     * One set of {@code count} candidates per model ({@link RawSet#of}), all seeded by {@code seed}
     * and mapped into {@code box}: a model's kept set when it is that set, else computed. The sets
     * of models not in {@code models} are dropped.
     */
    synchronized RawSet[] sets(
            List<GaussianProcess> models, InputDimension[] dims, int count, long seed, SearchBox box, int maxThreads) {
        Map<GaussianProcess, RawSet> kept = new IdentityHashMap<>();
        RawSet[] out = new RawSet[models.size()];
        for (int o = 0; o < out.length; o++) {
            GaussianProcess gp = models.get(o);
            RawSet previous = kept.containsKey(gp) ? kept.get(gp) : sets.get(gp);
            out[o] = RawSet.of(gp, dims, count, seed, box, maxThreads, previous);
            kept.put(gp, out[o]);
        }
        sets = kept;
        return out;
    }
}
