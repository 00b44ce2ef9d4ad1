package io.paratune.sampler.gp;

import io.paratune.FrozenTrial;
import io.paratune.bo.CandidateCache;
import io.paratune.bo.GaussianProcess;
import io.paratune.space.SearchSpace;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a {@link GpSampler} remembers about one study: the phase of each started trial, the Sobol
 * coordinate of each parameter name, its own proposals for trials still running (so they count as
 * pending before the trial writes its parameters), the last fitted model of each output and the
 * acquisition's candidates on the last proposal's models.
 */
final class GpStudyState {
    /** A trial of the GP phase (not of the initial design) in {@link #initIndex}. */
    static final long GP_PHASE = -1;

    private static final int MAX_REMEMBERED = 10_000;
    /** Proposals are kept for this many trial numbers, finished or not (a view is never that stale). */
    static final int PROPOSALS_KEPT = 1_000;

    final Object lock = new Object();
    final ConcurrentHashMap<Integer, Long> initIndex = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, Integer> coordinates = new ConcurrentHashMap<>();
    final AtomicInteger nextCoordinate = new AtomicInteger();
    final ConcurrentHashMap<Integer, Map<String, Double>> proposals = new ConcurrentHashMap<>();
    /**
     * The last model of each output ("objective0", "constraint1", ...); written under lock, by
     * several threads at once when the outputs are fitted in parallel.
     */
    final Map<String, Fit> fits = new ConcurrentHashMap<>();
    /**
     * The Sobol candidates of the last proposal's models with their posterior moments, reused by
     * the next proposals of a batch while the models stay; used under {@link #lock}.
     */
    final CandidateCache candidates = new CandidateCache();

    /** The trust region of the local model, once the study is large enough for one; guarded by {@link #lock}. */
    TrustRegion trustRegion;
    /** The joint space the trust region was made for. */
    SearchSpace trustRegionSpace;

    /** The local model's observations, chosen for these observations and region; guarded by {@link #lock}. */
    LocalSelection localSelection;

    /**
     * The last model: fitted on the observations of these trial numbers in this space; its
     * hyperparameters were last optimised at {@code optimisedAt} observations.
     */
    record Fit(SearchSpace space, List<Integer> trialNumbers, GaussianProcess gp, int optimisedAt) {}

    /** The last warped model of an output ({@link Models#warpedModel}), and its warping. */
    final Map<String, WarpedFit> warpedFits = new ConcurrentHashMap<>();

    record WarpedFit(
            SearchSpace space,
            List<Integer> trialNumbers,
            GaussianProcess gp,
            io.paratune.bo.InputWarping warping,
            int optimisedAt) {}

    /**
     * The observations {@code local} the local model took from the observations {@code since} (trial
     * numbers) of a region restarted at {@code restartedAt} with side {@code length}, in this space.
     */
    record LocalSelection(
            SearchSpace space, List<Integer> since, int restartedAt, double length, List<FrozenTrial> local) {}

    int coordinate(String name) {
        return coordinates.computeIfAbsent(name, n -> nextCoordinate.getAndIncrement());
    }

    /**
     * Forgets the phase of a finished trial, and what was kept for very old trials. The trial's
     * proposal stays for the next {@link #PROPOSALS_KEPT} trials: another worker's view of the study
     * read before the trial wrote its parameters shows it RUNNING without them, and only the kept
     * proposal tells that worker where it is (dropping it at once let two parallel workers propose
     * the same point).
     */
    void forget(int trialNumber) {
        initIndex.remove(trialNumber);
        if (initIndex.size() > MAX_REMEMBERED) {
            initIndex.keySet().removeIf(t -> t < trialNumber - MAX_REMEMBERED);
        }
        if (proposals.size() > PROPOSALS_KEPT) {
            proposals.keySet().removeIf(t -> t < trialNumber - PROPOSALS_KEPT);
        }
    }
}
