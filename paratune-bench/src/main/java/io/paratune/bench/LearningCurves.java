package io.paratune.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A tabular learning-curve benchmark: for each recorded configuration, the validation loss after
 * each step (epoch). Stored as CSV with {@code #} comment lines, one row per configuration: {@code
 * config,hidden,learning_rate,momentum,weight_decay,batch,epoch_1,...,epoch_R}; NaN marks a diverged
 * run. The Optuna peer reads the same file.
 *
 * @param configs the configurations, by row
 * @param losses {@code losses[c][e]}: the loss of configuration c after epoch e + 1
 */
record LearningCurves(List<DigitsMlp.Config> configs, double[][] losses) {

    int size() {
        return configs.size();
    }

    int epochs() {
        return losses.length == 0 ? 0 : losses[0].length;
    }

    void write(Path file, List<String> comments) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (String c : comments) {
                    w.write("# " + c + "\n");
                }
                StringBuilder header = new StringBuilder("config,hidden,learning_rate,momentum,weight_decay,batch");
                for (int e = 1; e <= epochs(); e++) {
                    header.append(",epoch_").append(e);
                }
                w.write(header + "\n");
                for (int c = 0; c < size(); c++) {
                    DigitsMlp.Config k = configs.get(c);
                    StringBuilder row = new StringBuilder(String.format(
                            Locale.ROOT,
                            "%d,%d,%.6g,%.6g,%.6g,%d",
                            c,
                            k.hidden(),
                            k.learningRate(),
                            k.momentum(),
                            k.weightDecay(),
                            k.batch()));
                    for (double v : losses[c]) {
                        row.append(',').append(Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.6f", v));
                    }
                    w.write(row + "\n");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the curves to " + file, e);
        }
    }

    static LearningCurves read(Path file) {
        List<DigitsMlp.Config> configs = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            boolean header = true;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] cells = line.split(",");
                if (cells.length < 7 || Integer.parseInt(cells[0]) != configs.size()) {
                    throw new IllegalArgumentException(file + ": row " + configs.size() + " is malformed ('"
                            + line.substring(0, Math.min(60, line.length())) + "...'); regenerate the file");
                }
                configs.add(new DigitsMlp.Config(
                        Integer.parseInt(cells[1]),
                        Double.parseDouble(cells[2]),
                        Double.parseDouble(cells[3]),
                        Double.parseDouble(cells[4]),
                        Integer.parseInt(cells[5])));
                double[] losses = new double[cells.length - 6];
                for (int e = 0; e < losses.length; e++) {
                    losses[e] = Double.parseDouble(cells[6 + e]);
                }
                if (!rows.isEmpty() && losses.length != rows.get(0).length) {
                    throw new IllegalArgumentException(file + ": row " + configs.size() + " has " + losses.length
                            + " epochs, row 0 has " + rows.get(0).length + "; regenerate the file");
                }
                rows.add(losses);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the curves from " + file, e);
        }
        return new LearningCurves(List.copyOf(configs), rows.toArray(double[][]::new));
    }

    /**
     * The configurations trial 0, 1, 2, ... of run {@code seed} evaluate: the first {@code trials} of
     * a Fisher-Yates shuffle of {@code 0..n-1} driven by SplitMix64 from {@code seed}. The Optuna
     * peer computes the same order, so both replay identical work.
     */
    static int[] order(int n, int trials, long seed) {
        if (trials > n) {
            throw new IllegalArgumentException("trials=" + trials + " > " + n + " recorded configurations;"
                    + " give at most " + n + " trials or record more configurations");
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        long state = seed;
        for (int i = n - 1; i > 0; i--) {
            state += 0x9E3779B97F4A7C15L;
            long z = io.paratune.internal.Seeds.mix64(state);
            int j = (int) Long.remainderUnsigned(z, i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return java.util.Arrays.copyOf(order, trials);
    }
}
