package io.paratune.examples.digits;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/**
 * Labelled 8x8 digit images: row {@code i} has the pixel counts {@code features[i * 64 .. i * 64 + 63]}
 * and the digit {@code labels[i]}. The arrays are shared, not copied: do not modify them.
 *
 * @param features row-major pixel counts, {@code size() * FEATURES} of them
 * @param labels one digit 0..9 per row
 */
record Digits(float[] features, int[] labels) {
    static final int FEATURES = 64;
    static final int CLASSES = 10;
    static final String RESOURCE = "digits.csv.gz";

    Digits {
        if (features.length != labels.length * FEATURES) {
            throw new IllegalArgumentException(features.length + " features for " + labels.length + " labels; give "
                    + FEATURES + " features per label");
        }
    }

    /** The 1797 digits shipped with this example (see the README beside the data file). */
    static Digits load() {
        try (InputStream in = Digits.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing beside " + Digits.class.getName()
                        + "; rebuild the example");
            }
            return parse(new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE, e);
        }
    }

    /** Parses lines of 64 pixel counts followed by the label. */
    static Digits parse(BufferedReader reader) throws IOException {
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",");
            if (cells.length != FEATURES + 1) {
                throw new IllegalArgumentException("line " + (rows.size() + 1) + " has " + cells.length
                        + " fields; expected " + FEATURES + " pixels and a label");
            }
            float[] row = new float[FEATURES];
            for (int j = 0; j < FEATURES; j++) {
                row[j] = Float.parseFloat(cells[j]);
            }
            int label = (int) Double.parseDouble(cells[FEATURES]);
            if (label < 0 || label >= CLASSES) {
                throw new IllegalArgumentException(
                        "line " + (rows.size() + 1) + " has label " + label + "; expected a digit 0.." + (CLASSES - 1));
            }
            rows.add(row);
            labels.add(label);
        }
        float[] features = new float[rows.size() * FEATURES];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, features, i * FEATURES, FEATURES);
        }
        return new Digits(features, labels.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The number of rows. */
    int size() {
        return labels.length;
    }

    /** The labels as floats, as XGBoost wants them (a fresh array). */
    float[] floatLabels() {
        float[] out = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = labels[i];
        }
        return out;
    }

    /** The given rows, in the given order (copied). */
    Digits rows(int[] rows) {
        float[] f = new float[rows.length * FEATURES];
        int[] l = new int[rows.length];
        for (int k = 0; k < rows.length; k++) {
            System.arraycopy(features, rows[k] * FEATURES, f, k * FEATURES, FEATURES);
            l[k] = labels[rows[k]];
        }
        return new Digits(f, l);
    }

    /**
     * A stratified hold-out split: within each digit, a seeded shuffle puts {@code testFraction} of
     * its rows (rounded) in the test part and the rest in the development part.
     */
    Holdout holdout(double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction=" + testFraction + " must be in (0, 1), as in 0.2");
        }
        List<Integer> development = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (List<Integer> rows : shuffledRowsByDigit(seed)) {
            int nTest = (int) Math.round(rows.size() * testFraction);
            test.addAll(rows.subList(0, nTest));
            development.addAll(rows.subList(nTest, rows.size()));
        }
        return new Holdout(rows(toArray(development)), rows(toArray(test)));
    }

    /**
     * Stratified {@code k}-fold cross-validation: within each digit, a seeded shuffle deals the rows
     * round-robin to the folds; fold {@code i} validates on its rows and trains on all others.
     */
    List<Fold> folds(int k, long seed) {
        if (k < 2 || k > size()) {
            throw new IllegalArgumentException("k=" + k + " folds for " + size() + " rows; give 2.." + size());
        }
        List<List<Integer>> parts = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            parts.add(new ArrayList<>());
        }
        int next = 0;
        for (List<Integer> rows : shuffledRowsByDigit(seed)) {
            for (int row : rows) {
                parts.get(next).add(row);
                next = (next + 1) % k;
            }
        }
        List<Fold> folds = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            List<Integer> train = new ArrayList<>();
            for (int j = 0; j < k; j++) {
                if (j != i) {
                    train.addAll(parts.get(j));
                }
            }
            folds.add(new Fold(rows(toArray(train)), rows(toArray(parts.get(i)))));
        }
        return List.copyOf(folds);
    }

    /** For each digit 0..9, its row indices in a seeded random order. */
    private List<List<Integer>> shuffledRowsByDigit(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<List<Integer>> byDigit = new ArrayList<>();
        for (int digit = 0; digit < CLASSES; digit++) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == digit) {
                    rows.add(i);
                }
            }
            for (int i = rows.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                rows.set(j, rows.set(i, rows.get(j)));
            }
            byDigit.add(rows);
        }
        return byDigit;
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Disjoint rows for tuning ({@code development}) and for the final check ({@code test}). */
    record Holdout(Digits development, Digits test) {}

    /** Disjoint rows to train on and to validate on. */
    record Fold(Digits train, Digits validation) {}
}
