package io.paratune.sampler.tpe;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.TrialState;
import io.paratune.space.Distribution;
import io.paratune.space.SearchSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a TPE sampler remembers of one study: the finished trials as
 * observations, kept incrementally. Finished trials never change, so each is read once, when it
 * is first seen finished: its parameters become unit-interval coordinates in per-parameter
 * columns (chronological, by trial number), its score is inserted into a ranking, and the
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
final class History {
    /**
     * One parameter's coordinates (NaN where absent) for one range of it, chronological, and the
     * trials that have it sorted by coordinate.
     */
    private static final class Column {
        final Dim dim;
        double[] values;
        double[] sortedValues = new double[16];
        int[] sortedNumbers = new int[16];
        int sortedCount;

        Column(Dim dim, int capacity, int size) {
            this.dim = dim;
            this.values = new double[capacity];
            Arrays.fill(values, 0, size, Double.NaN);
        }

        void insertSorted(double value, int number) {
            if (sortedCount == sortedValues.length) {
                sortedValues = Arrays.copyOf(sortedValues, sortedCount * 2);
                sortedNumbers = Arrays.copyOf(sortedNumbers, sortedCount * 2);
            }
            int lo = 0;
            int hi = sortedCount;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sortedValues[mid] < value || (sortedValues[mid] == value && sortedNumbers[mid] < number)) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            System.arraycopy(sortedValues, lo, sortedValues, lo + 1, sortedCount - lo);
            System.arraycopy(sortedNumbers, lo, sortedNumbers, lo + 1, sortedCount - lo);
            sortedValues[lo] = value;
            sortedNumbers[lo] = number;
            sortedCount++;
        }
    }

    /**
     * The observations of a split: per parameter, chronological coordinates; with {@code
     * aboveOrder} requested, per numeric parameter the "above" rows sorted by coordinate.
     */
    record Split(double[][] below, int belowCount, double[][] above, int aboveCount, int[][] aboveOrder) {}

    private final List<Direction> directions;
    /** Loss vectors of the feasible COMPLETE trials of a multi-objective study, by trial number. */
    private final Map<Integer, double[]> lossVectors = new HashMap<>();
    private int memoSize = -1;
    private int memoCount = -1;
    private int[] memoBest;
    private long firstTrialId = Long.MIN_VALUE;
    private final BitSet seen = new BitSet();
    private int watermark;

    private int size;
    private int[] numbers = new int[16];
    private final Map<String, List<Column>> columns = new HashMap<>();

    private int[] rankNumber = new int[16];
    private double[] rankStep = new double[16];
    private double[] rankLoss = new double[16];

    private Map<String, Distribution> intersection;
    private List<Map<String, Distribution>> groups = new ArrayList<>();

    History(List<Direction> directions) {
        this.directions = List.copyOf(directions);
    }

    /** Reads the trials finished since the last call. {@code trials}: all trials, by number. */
    synchronized void sync(List<FrozenTrial> trials) {
        if (trials.isEmpty()) {
            return;
        }
        if (trials.get(0).id() != firstTrialId) {
            reset();
            firstTrialId = trials.get(0).id();
        }
        for (int i = watermark; i < trials.size(); i++) {
            FrozenTrial t = trials.get(i);
            if (t.state().isFinished() && !seen.get(t.number())) {
                seen.set(t.number());
                add(t);
            }
        }
        while (seen.get(watermark)) {
            watermark++;
        }
    }

    private void reset() {
        seen.clear();
        watermark = 0;
        size = 0;
        columns.clear();
        lossVectors.clear();
        memoSize = -1;
        intersection = null;
        groups = new ArrayList<>();
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
                loss = Double.isNaN(v) ? Double.POSITIVE_INFINITY : directions.get(0).asLoss(v);
            }
        } else {
            return;
        }
        updateSpaces(t.distributions());
        insertObservation(t);
        insertRank(t.number(), step, loss);
    }

    private void updateSpaces(Map<String, Distribution> dists) {
        if (intersection == null) {
            intersection = new TreeMap<>(dists);
        } else {
            intersection.entrySet().removeIf(e -> {
                Distribution d = dists.get(e.getKey());
                return d == null || !d.sameRange(e.getValue());
            });
        }
        Set<String> keys = new HashSet<>(dists.keySet());
        List<Map<String, Distribution>> next = new ArrayList<>();
        for (Map<String, Distribution> group : groups) {
            Map<String, Distribution> in = new TreeMap<>();
            Map<String, Distribution> out = new TreeMap<>();
            group.forEach((name, d) -> (keys.contains(name) ? in : out).put(name, d));
            keys.removeAll(group.keySet());
            if (!in.isEmpty()) {
                next.add(in);
            }
            if (!out.isEmpty()) {
                next.add(out);
            }
        }
        Map<String, Distribution> fresh = new TreeMap<>();
        keys.forEach(name -> fresh.put(name, dists.get(name)));
        if (!fresh.isEmpty()) {
            next.add(fresh);
        }
        groups = next;
    }

    private void insertObservation(FrozenTrial t) {
        int found = Arrays.binarySearch(numbers, 0, size, t.number());
        int p = found >= 0 ? found : -found - 1;
        if (size == numbers.length) {
            numbers = Arrays.copyOf(numbers, size * 2);
            for (List<Column> cs : columns.values()) {
                for (Column c : cs) {
                    c.values = Arrays.copyOf(c.values, size * 2);
                }
            }
        }
        System.arraycopy(numbers, p, numbers, p + 1, size - p);
        numbers[p] = t.number();
        for (List<Column> cs : columns.values()) {
            for (Column c : cs) {
                System.arraycopy(c.values, p, c.values, p + 1, size - p);
                c.values[p] = Double.NaN;
            }
        }
        size++;
        t.internalParams().forEach((name, internal) -> {
            Distribution d = t.distributions().get(name);
            Column c = column(name, d);
            if (c == null) {
                c = new Column(Dim.of(d), numbers.length, size);
                columns.computeIfAbsent(name, k -> new ArrayList<>(1)).add(c);
            }
            double coordinate = c.dim.coordinate(internal);
            c.values[p] = coordinate;
            c.insertSorted(coordinate, t.number());
        });
    }

    private Column column(String name, Distribution d) {
        List<Column> cs = columns.get(name);
        if (cs != null) {
            for (Column c : cs) {
                if (c.dim.distribution.sameRange(d)) {
                    return c;
                }
            }
        }
        return null;
    }

    private int compareRank(int r, int number, double step, double loss) {
        int c = Double.compare(rankStep[r], step);
        if (c == 0) {
            c = Double.compare(rankLoss[r], loss);
        }
        return c != 0 ? c : Integer.compare(rankNumber[r], number);
    }

    private void insertRank(int number, double step, double loss) {
        int count = size - 1;
        if (count == rankNumber.length) {
            rankNumber = Arrays.copyOf(rankNumber, count * 2);
            rankStep = Arrays.copyOf(rankStep, count * 2);
            rankLoss = Arrays.copyOf(rankLoss, count * 2);
        }
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compareRank(mid, number, step, loss) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        System.arraycopy(rankNumber, lo, rankNumber, lo + 1, count - lo);
        System.arraycopy(rankStep, lo, rankStep, lo + 1, count - lo);
        System.arraycopy(rankLoss, lo, rankLoss, lo + 1, count - lo);
        rankNumber[lo] = number;
        rankStep[lo] = step;
        rankLoss[lo] = loss;
    }

    /** The number of observations: COMPLETE and PRUNED trials. */
    synchronized int count() {
        return size;
    }

    /** The trial numbers of the observations, best first. */
    synchronized int[] ranking() {
        return Arrays.copyOf(rankNumber, size);
    }

    /**
     * The trial numbers of the {@code count} best observations: the head of the ranking, or for
     * several objectives the MOTPE selection described in the class comment.
     */
    synchronized int[] bestNumbers(int count) {
        count = Math.max(0, Math.min(count, size));
        if (directions.size() == 1) {
            return Arrays.copyOf(rankNumber, count);
        }
        if (memoSize != size || memoCount != count) {
            memoBest = MotpeSplit.best(rankNumber, size, lossVectors, count);
            memoSize = size;
            memoCount = count;
        }
        return memoBest.clone();
    }

    /** The trial numbers of the observations, chronological. */
    synchronized int[] chronological() {
        return Arrays.copyOf(numbers, size);
    }

    /**
     * The parameters that every observation has with one range, by name, without fixed ones: the
     * intersection search space.
     */
    synchronized SearchSpace intersectionSpace() {
        if (intersection == null) {
            return SearchSpace.empty();
        }
        return SearchSpace.of(intersection.values().stream().filter(d -> !d.isSingle()).toList());
    }

    /**
     * Disjoint groups of parameters such that every observation has either all or none of each
     * group (Optuna's group decomposition), each by name, without fixed parameters.
     */
    synchronized List<List<Distribution>> groups() {
        List<List<Distribution>> out = new ArrayList<>();
        for (Map<String, Distribution> g : groups) {
            List<Distribution> kept = g.values().stream().filter(d -> !d.isSingle()).toList();
            if (!kept.isEmpty()) {
                out.add(kept);
            }
        }
        return out;
    }

    /**
     * Splits the observations that have every parameter of {@code dims} into the {@code
     * bestCount} best of all observations ("below") and the rest ("above"), and adds {@code
     * pending} trials that have every parameter to "above" (the constant liar: a pending point
     * counts as bad). The rank uses all observations, also those without these parameters, as in
     * Optuna.
     *
     * @param pending RUNNING trials, by number; empty to ignore them
     * @param withOrder whether to give the sorted order of the "above" rows of numeric parameters
     *     (linear in the observations, where a sort would be n log n)
     */
    synchronized Split split(Dim[] dims, int bestCount, List<FrozenTrial> pending, boolean withOrder) {
        int d = dims.length;
        double[][] cols = new double[d][];
        Column[] columnOf = new Column[d];
        for (int j = 0; j < d; j++) {
            columnOf[j] = column(dims[j].name, dims[j].distribution);
            cols[j] = columnOf[j] == null ? null : columnOf[j].values;
        }
        boolean[] best = new boolean[size];
        for (int number : bestNumbers(bestCount)) {
            best[Arrays.binarySearch(numbers, 0, size, number)] = true;
        }
        boolean[] present = new boolean[size];
        int belowCount = 0;
        int aboveCount = 0;
        for (int i = 0; i < size; i++) {
            present[i] = has(cols, i);
            if (present[i]) {
                if (best[i]) {
                    belowCount++;
                } else {
                    aboveCount++;
                }
            }
        }
        List<double[]> pendingRows = new ArrayList<>();
        List<Integer> pendingNumbers = new ArrayList<>();
        for (FrozenTrial t : pending) {
            double[] row = coordinates(dims, t);
            if (row != null) {
                pendingRows.add(row);
                pendingNumbers.add(t.number());
            }
        }
        aboveCount += pendingRows.size();
        double[][] below = new double[d][belowCount];
        double[][] above = new double[d][aboveCount];
        int maxNumber = size == 0 ? -1 : numbers[size - 1];
        if (!pendingNumbers.isEmpty()) {
            maxNumber = Math.max(maxNumber, pendingNumbers.get(pendingNumbers.size() - 1));
        }
        int[] aboveRowOf = withOrder ? new int[maxNumber + 1] : null;
        if (withOrder) {
            Arrays.fill(aboveRowOf, -1);
        }
        int[] pendingRowIndex = new int[pendingRows.size()];
        int b = 0;
        int a = 0;
        int q = 0;
        for (int i = 0; i < size; i++) {
            while (q < pendingRows.size() && pendingNumbers.get(q) < numbers[i]) {
                pendingRowIndex[q] = a;
                copyRow(pendingRows.get(q++), above, a++);
            }
            if (!present[i]) {
                continue;
            }
            double[][] target = best[i] ? below : above;
            int row = best[i] ? b++ : a++;
            if (withOrder && !best[i]) {
                aboveRowOf[numbers[i]] = row;
            }
            for (int j = 0; j < d; j++) {
                target[j][row] = cols[j][i];
            }
        }
        while (q < pendingRows.size()) {
            pendingRowIndex[q] = a;
            copyRow(pendingRows.get(q++), above, a++);
        }
        int[][] order = null;
        if (withOrder) {
            order = new int[d][];
            for (int j = 0; j < d; j++) {
                if (!dims[j].isCategorical() && columnOf[j] != null) {
                    order[j] = sortedRows(columnOf[j], aboveRowOf, above[j], pendingRowIndex, aboveCount);
                }
            }
        }
        return new Split(below, belowCount, above, aboveCount, order);
    }

    /** The rows of {@code values} in coordinate order: the column's sorted trials merged with the pending rows. */
    private static int[] sortedRows(Column c, int[] rowOf, double[] values, int[] pendingRows, int count) {
        Integer[] pending = new Integer[pendingRows.length];
        for (int k = 0; k < pending.length; k++) {
            pending[k] = pendingRows[k];
        }
        Arrays.sort(pending, (x, y) -> Double.compare(values[x], values[y]));
        int[] out = new int[count];
        int o = 0;
        int q = 0;
        for (int s = 0; s < c.sortedCount; s++) {
            int number = c.sortedNumbers[s];
            int row = number < rowOf.length ? rowOf[number] : -1;
            if (row < 0) {
                continue;
            }
            while (q < pending.length && values[pending[q]] < c.sortedValues[s]) {
                out[o++] = pending[q++];
            }
            out[o++] = row;
        }
        while (q < pending.length) {
            out[o++] = pending[q++];
        }
        return out;
    }

    private static boolean has(double[][] cols, int i) {
        for (double[] c : cols) {
            if (c == null || Double.isNaN(c[i])) {
                return false;
            }
        }
        return true;
    }

    private static double[] coordinates(Dim[] dims, FrozenTrial t) {
        double[] row = new double[dims.length];
        for (int j = 0; j < dims.length; j++) {
            Double internal = t.internalParams().get(dims[j].name);
            Distribution d = t.distributions().get(dims[j].name);
            if (internal == null || !d.sameRange(dims[j].distribution)) {
                return null;
            }
            row[j] = dims[j].coordinate(internal);
        }
        return row;
    }

    private static void copyRow(double[] row, double[][] target, int index) {
        for (int j = 0; j < row.length; j++) {
            target[j][index] = row[j];
        }
    }

    /** For diagnostics: the groups as name lists. */
    @Override
    public synchronized String toString() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("observations", size);
        out.put("watermark", watermark);
        out.put("groups", groups.stream().map(Map::keySet).toList());
        return "History" + out;
    }
}
