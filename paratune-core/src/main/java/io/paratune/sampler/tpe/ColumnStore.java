package io.paratune.sampler.tpe;

import io.paratune.FrozenTrial;
import io.paratune.space.Distribution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * TPE's observations as per-parameter columns of unit-interval coordinates, chronological (by trial
 * number), split into the "below" and "above" rows that the two Parzen estimators are built from.
 * Not thread-safe: {@link TpeStudyState} holds it under its lock.
 */
final class ColumnStore {
    /**
     * One parameter's coordinates (NaN where absent) for one range of it, chronological, and the
     * trials that have it sorted by coordinate.
     */
    private static final class Column {
        final Dim dim;
        double[] values;
        /** Per observation, its kernel's mass on [0, 1] at width {@code massSigma}, or NaN. */
        double[] masses;

        double massSigma = Double.NaN;
        /** The number of observations that have this parameter with this range. */
        int filled;

        double[] sortedValues = new double[16];
        int[] sortedNumbers = new int[16];
        int sortedCount;

        Column(Dim dim, int capacity, int size) {
            this.dim = dim;
            this.values = new double[capacity];
            Arrays.fill(values, 0, size, Double.NaN);
            this.masses = new double[capacity];
            Arrays.fill(masses, Double.NaN);
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
    record Split(
            double[][] below,
            int belowCount,
            double[][] above,
            int aboveCount,
            int[][] aboveOrder,
            int[] belowNumbers,
            double[][] aboveMasses) {

        /** The "below" rows as an estimator's observations, with {@code weights} (or null). */
        ParzenEstimator.Observations belowObservations(double[] weights) {
            return new ParzenEstimator.Observations(below, belowCount, null, null, weights);
        }

        /** The "above" rows as an estimator's observations, with their order and masses. */
        ParzenEstimator.Observations aboveObservations() {
            return new ParzenEstimator.Observations(above, aboveCount, aboveOrder, aboveMasses, null);
        }
    }

    private int size;
    private int[] numbers = new int[16];
    private final Map<String, List<Column>> columns = new HashMap<>();

    /** The number of observations. */
    int size() {
        return size;
    }

    /** The trial numbers of the observations, chronological. */
    int[] chronological() {
        return Arrays.copyOf(numbers, size);
    }

    /** Adds the parameters of the observation {@code t} at its place by trial number. */
    void insert(FrozenTrial t) {
        int found = Arrays.binarySearch(numbers, 0, size, t.number());
        int p = found >= 0 ? found : -found - 1;
        if (size == numbers.length) {
            numbers = Arrays.copyOf(numbers, size * 2);
            for (List<Column> cs : columns.values()) {
                for (Column c : cs) {
                    c.values = Arrays.copyOf(c.values, size * 2);
                    c.masses = Arrays.copyOf(c.masses, size * 2);
                }
            }
        }
        System.arraycopy(numbers, p, numbers, p + 1, size - p);
        numbers[p] = t.number();
        for (List<Column> cs : columns.values()) {
            for (Column c : cs) {
                System.arraycopy(c.values, p, c.values, p + 1, size - p);
                c.values[p] = Double.NaN;
                System.arraycopy(c.masses, p, c.masses, p + 1, size - p);
                c.masses[p] = Double.NaN;
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
            c.filled++;
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

    /**
     * Splits the observations that have every parameter of {@code dims} into those among {@code
     * bestNumbers} ("below") and the rest ("above"), and adds {@code
     * pending} trials that have every parameter to "above" (the constant liar: a pending point
     * counts as bad).
     *
     * @param bestNumbers the trial numbers of the best observations, at most one per observation
     *     (ranked among all observations, also those without these parameters, as in Optuna)
     * @param pending RUNNING trials, by number; empty to ignore them
     * @param withOrder whether to give the sorted order of the "above" rows of numeric parameters
     *     (linear in the observations, where a sort would be n log n)
     * @param massWidth null, or the number of "above" rows to the width of their kernels: then the
     *     split gives the kernels' masses on [0, 1] ({@link ParzenEstimator#mass}) for the numeric
     *     parameters, kept per observation while the width stays the same (NaN for pending rows)
     */
    Split split(
            Dim[] dims,
            int[] bestNumbers,
            List<FrozenTrial> pending,
            boolean withOrder,
            IntToDoubleFunction massWidth) {
        int d = dims.length;
        double[][] cols = new double[d][];
        Column[] columnOf = new Column[d];
        for (int j = 0; j < d; j++) {
            columnOf[j] = column(dims[j].name, dims[j].distribution);
            cols[j] = columnOf[j] == null ? null : columnOf[j].values;
        }
        boolean[] best = new boolean[size];
        for (int number : bestNumbers) {
            best[Arrays.binarySearch(numbers, 0, size, number)] = true;
        }
        boolean[] present = new boolean[size];
        boolean complete = true;
        for (Column c : columnOf) {
            complete &= c != null && c.filled == size;
        }
        if (complete) {
            Arrays.fill(present, true);
        } else {
            for (int i = 0; i < size; i++) {
                present[i] = has(cols, i);
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
        // where each row comes from, chronologically: an observation's index, or -(k + 1) for pending row k
        int[] belowFrom = new int[bestNumbers.length];
        int[] aboveFrom = new int[size + pendingRows.size()];
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
                aboveFrom[a++] = -(++q);
            }
            if (!present[i]) {
                continue;
            }
            if (best[i]) {
                belowFrom[b++] = i;
            } else {
                if (withOrder) {
                    aboveRowOf[numbers[i]] = a;
                }
                aboveFrom[a++] = i;
            }
        }
        while (q < pendingRows.size()) {
            pendingRowIndex[q] = a;
            aboveFrom[a++] = -(++q);
        }
        int belowCount = b;
        int aboveCount = a;
        double[][] below = new double[d][belowCount];
        // one spare entry: the estimator takes the arrays over and puts its prior there
        double[][] above = new double[d][aboveCount + 1];
        for (int j = 0; j < d; j++) {
            double[] col = cols[j];
            double[] to = below[j];
            for (int r = 0; r < belowCount; r++) {
                to[r] = col[belowFrom[r]];
            }
            to = above[j];
            for (int r = 0; r < aboveCount; r++) {
                int from = aboveFrom[r];
                to[r] = from >= 0 ? col[from] : pendingRows.get(-from - 1)[j];
            }
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
        double[][] masses = null;
        if (massWidth != null) {
            double sigma = massWidth.applyAsDouble(aboveCount);
            masses = new double[d][];
            for (int j = 0; j < d; j++) {
                if (!dims[j].isCategorical() && columnOf[j] != null) {
                    masses[j] = aboveMasses(columnOf[j], sigma, aboveFrom, aboveCount);
                }
            }
        }
        int[] belowNumbers = new int[belowCount];
        for (int r = 0; r < belowCount; r++) {
            belowNumbers[r] = numbers[belowFrom[r]];
        }
        return new Split(below, belowCount, above, aboveCount, order, belowNumbers, masses);
    }

    /** The kernel masses of the "above" rows (NaN for pending rows), computed where not kept. */
    private static double[] aboveMasses(Column c, double sigma, int[] aboveFrom, int count) {
        if (c.massSigma != sigma) {
            Arrays.fill(c.masses, Double.NaN);
            c.massSigma = sigma;
        }
        double[] out = new double[count + 1];
        double[] values = c.values;
        double[] kept = c.masses;
        for (int r = 0; r < count; r++) {
            int i = aboveFrom[r];
            if (i < 0) {
                out[r] = Double.NaN;
                continue;
            }
            double m = kept[i];
            if (m != m) {
                m = ParzenEstimator.mass(values[i], sigma);
                kept[i] = m;
            }
            out[r] = m;
        }
        out[count] = Double.NaN;
        return out;
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
}
