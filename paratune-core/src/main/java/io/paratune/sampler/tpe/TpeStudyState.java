package io.paratune.sampler.tpe;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.StudyView;
import io.paratune.TrialState;
import io.paratune.sampler.FinishedTrialCursor;
import io.paratune.space.Distribution;
import io.paratune.space.SearchSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * What a TPE sampler remembers of one study: the finished trials as
 * observations, kept incrementally. Finished trials never change, so each is read once, when it
 * is first seen finished ({@link FinishedTrialCursor}): its parameters become unit-interval
 * coordinates in per-parameter columns ({@link ColumnStore}), its score is inserted into a
 * ranking ({@link Ranking}), and the
 * intersection and group-decomposed search spaces are updated. An ask then costs a scan of the
 * trials not yet finished plus one pass over the columns it needs; nothing is recomputed from the
 * whole history.
 *
 * <p>Scores follow Optuna: feasible COMPLETE trials rank first, by loss; infeasible COMPLETE trials
 * (a constraint {@code > 0}) after them, by total violation, so they fall in the "bad" group unless
 * too few trials are feasible; PRUNED trials after them, those stopped at a later step first, then
 * by their last intermediate value (NaN last); PRUNED trials without a report last. FAIL trials are
 * ignored.
 *
 * <p>For several objectives the "good" group is chosen as in Optuna's MOTPE: feasible COMPLETE
 * trials by non-dominated rank, the boundary front thinned greedily by hypervolume contribution
 * (with the reference point just beyond the worst loss of each objective), then the ranking above.
 * Thread-safe: every method holds the lock.
 */
final class TpeStudyState {
    private final List<Direction> directions;
    /** Loss vectors of the feasible COMPLETE trials of a multi-objective study, by trial number. */
    private final Map<Integer, double[]> lossVectors = new HashMap<>();

    private int memoSize = -1;
    private int memoCount = -1;
    private int[] memoBest;
    private final FinishedTrialCursor cursor = new FinishedTrialCursor();
    private final FinishedTrialCursor.Reader reader = new FinishedTrialCursor.Reader() {
        @Override
        public void restart() {
            reset();
        }

        @Override
        public void read(FrozenTrial t) {
            if (t.state().isFinished()) {
                finishedParams.add(t.internalParams());
                add(t);
            }
        }
    };

    private ColumnStore columns = new ColumnStore();
    private Ranking ranking = new Ranking();

    /** The internal parameters of every finished trial read (FAIL included), in reading order. */
    private final List<Map<String, Double>> finishedParams = new ArrayList<>();

    private SpaceTracker spaces = new SpaceTracker();

    TpeStudyState(List<Direction> directions) {
        this.directions = List.copyOf(directions);
    }

    /**
     * Reads the trials finished since the last call through the {@link FinishedTrialCursor}: only
     * the trials from the last one read below the first one not yet finished.
     *
     * @return the trials read, by number: every trial that the view shows and is not finished is
     *     among them
     */
    synchronized List<FrozenTrial> sync(StudyView study) {
        return cursor.read(study, reader);
    }

    /** Forgets every observation: the study read so far is not the one shown. */
    private void reset() {
        columns = new ColumnStore();
        ranking = new Ranking();
        finishedParams.clear();
        lossVectors.clear();
        memoSize = -1;
        spaces = new SpaceTracker();
    }

    private void add(FrozenTrial t) {
        double step;
        double loss;
        if (t.state() == TrialState.COMPLETE && !t.isFeasible()) {
            step = -Double.MAX_VALUE;
            loss = 0;
            for (double c : t.constraints()) {
                loss += Math.max(0, c);
            }
        } else if (t.state() == TrialState.COMPLETE && directions.size() == 1) {
            step = Double.NEGATIVE_INFINITY;
            loss = directions.get(0).asLoss(t.value());
        } else if (t.state() == TrialState.COMPLETE) {
            step = Double.NEGATIVE_INFINITY;
            loss = 0;
            double[] v = t.values();
            for (int i = 0; i < v.length; i++) {
                v[i] = directions.get(i).asLoss(v[i]);
            }
            lossVectors.put(t.number(), v);
        } else if (t.state() == TrialState.PRUNED) {
            if (t.intermediateValues().isEmpty()) {
                step = 1;
                loss = 0;
            } else {
                step = -t.lastStep();
                double v = t.lastIntermediateValue();
                loss = Double.isNaN(v)
                        ? Double.POSITIVE_INFINITY
                        : directions.get(0).asLoss(v);
            }
        } else {
            return;
        }
        spaces.add(t.distributions());
        columns.insert(t);
        ranking.insert(t.number(), step, loss);
    }

    /**
     * The points of the finished trials read, projected on {@code dims} (internal values in their
     * order); trials without one of them are left out.
     */
    synchronized java.util.Set<List<Double>> finishedPoints(Dim[] dims) {
        java.util.Set<List<Double>> out = new java.util.HashSet<>();
        for (Map<String, Double> params : finishedParams) {
            List<Double> point = project(params, dims);
            if (point != null) {
                out.add(point);
            }
        }
        return out;
    }

    /** {@code params} on {@code dims}, or null when one is missing. */
    static List<Double> project(Map<String, Double> params, Dim[] dims) {
        Double[] point = new Double[dims.length];
        for (int j = 0; j < dims.length; j++) {
            Double v = params.get(dims[j].name);
            if (v == null) {
                return null;
            }
            point[j] = v + 0.0;
        }
        return List.of(point);
    }

    /** The number of observations: COMPLETE and PRUNED trials. */
    synchronized int count() {
        return columns.size();
    }

    /** The trial numbers of the observations, best first. */
    synchronized int[] ranking() {
        return ranking.order();
    }

    /**
     * The trial numbers of the {@code count} best observations: the head of the ranking, or for
     * several objectives the MOTPE selection described in the class comment.
     */
    synchronized int[] bestNumbers(int count) {
        int size = columns.size();
        count = Math.max(0, Math.min(count, size));
        if (directions.size() == 1) {
            return ranking.best(count);
        }
        if (memoSize != size || memoCount != count) {
            memoBest = MotpeSplit.best(ranking.order(), size, lossVectors, count);
            memoSize = size;
            memoCount = count;
        }
        return memoBest.clone();
    }

    /**
     * MOTPE's weights of "good" observations of a multi-objective study: each one's hypervolume
     * contribution within the group over the largest, with the reference point just beyond the
     * group's worst loss of each objective; an infeasible observation (without a loss vector) gets
     * the smallest weight. Null for a single objective or fewer than two observations.
     */
    synchronized double[] belowWeights(int[] belowNumbers) {
        if (directions.size() == 1 || belowNumbers.length < 2) {
            return null;
        }
        List<double[]> vectors = new ArrayList<>();
        for (int number : belowNumbers) {
            double[] v = lossVectors.get(number);
            if (v != null) {
                vectors.add(v);
            }
        }
        double[] out = new double[belowNumbers.length];
        if (vectors.isEmpty()) {
            Arrays.fill(out, 1.0);
            return out;
        }
        MotpeSplit.Scaled scaled = MotpeSplit.scaled(vectors);
        double[] contributions = io.paratune.moo.Hypervolume.contributions(scaled.vectors(), scaled.reference());
        double max = 0;
        for (double c : contributions) {
            max = Math.max(max, c);
        }
        int k = 0;
        for (int i = 0; i < belowNumbers.length; i++) {
            if (lossVectors.containsKey(belowNumbers[i])) {
                double c = contributions[k++];
                out[i] = max > 0 ? Math.min(1, Math.max(0, c / max)) : 1.0;
            }
        }
        return out;
    }

    /** The first trial number not yet read finished nor outside the view (for tests). */
    synchronized int watermark() {
        return cursor.watermark();
    }

    /** The trial numbers of the observations, chronological. */
    synchronized int[] chronological() {
        return columns.chronological();
    }

    /**
     * The parameters that every observation has with one range, by name, without fixed ones: the
     * intersection search space.
     */
    synchronized SearchSpace intersectionSpace() {
        return spaces.intersectionSpace();
    }

    /**
     * Disjoint groups of parameters such that every observation has either all or none of each
     * group (Optuna's group decomposition), each by name, without fixed parameters.
     */
    synchronized List<List<Distribution>> groups() {
        return spaces.groups();
    }

    /**
     * Splits the observations that have every parameter of {@code dims} into the {@code
     * bestCount} best of all observations ("below") and the rest, with {@code pending} trials
     * added to the rest; see {@link ColumnStore#split}.
     */
    synchronized ColumnStore.Split split(
            Dim[] dims, int bestCount, List<FrozenTrial> pending, boolean withOrder, IntToDoubleFunction massWidth) {
        return columns.split(dims, bestNumbers(bestCount), pending, withOrder, massWidth);
    }

    /** For diagnostics: the groups as name lists. */
    @Override
    public synchronized String toString() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("observations", columns.size());
        out.put("watermark", cursor.watermark());
        out.put("groups", spaces.groupNames());
        return "TpeStudyState" + out;
    }
}
