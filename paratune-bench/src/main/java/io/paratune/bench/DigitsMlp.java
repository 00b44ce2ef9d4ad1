package io.paratune.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/**
 * A one-hidden-layer perceptron (ReLU, softmax) trained by minibatch SGD with momentum and L2 weight
 * decay on the 8x8 handwritten digits, epoch by epoch: the real model behind the recorded learning
 * curves of the early-stopping benchmark. Plain Java, seeded, single-threaded per model.
 */
final class DigitsMlp {
    static final int FEATURES = 64;
    static final int CLASSES = 10;

    /**
     * One configuration of the model.
     *
     * @param hidden hidden units, at least 1
     * @param learningRate the SGD step, {@code > 0}
     * @param momentum heavy-ball momentum in [0, 1)
     * @param weightDecay the L2 penalty on the weights (not the biases), {@code >= 0}
     * @param batch the minibatch size, at least 1
     */
    record Config(int hidden, double learningRate, double momentum, double weightDecay, int batch) {
        Config {
            if (hidden < 1
                    || !(learningRate > 0)
                    || !(momentum >= 0 && momentum < 1)
                    || !(weightDecay >= 0)
                    || batch < 1) {
                throw new IllegalArgumentException("MLP config " + this + ": give hidden >= 1, learningRate > 0,"
                        + " momentum in [0, 1), weightDecay >= 0, batch >= 1");
            }
        }

        /** A random configuration: the benchmark's search space. */
        static Config random(SplittableRandom r) {
            int hidden = (int) Math.round(Math.exp(Math.log(8) + r.nextDouble() * (Math.log(128) - Math.log(8))));
            double lr = Math.exp(Math.log(1e-3) + r.nextDouble() * (Math.log(1.0) - Math.log(1e-3)));
            double momentum = 0.95 * r.nextDouble();
            double wd = Math.exp(Math.log(1e-6) + r.nextDouble() * (Math.log(1e-2) - Math.log(1e-6)));
            int batch = new int[] {16, 32, 64, 128}[r.nextInt(4)];
            return new Config(hidden, lr, momentum, wd, batch);
        }
    }

    /** Rows of pixels scaled to [0, 1] with their labels. */
    record Data(double[] x, int[] y) {
        int size() {
            return y.length;
        }

        /** The digits file: lines of 64 pixel counts (0..16) and a label, gzip-compressed. */
        static Data load(Path file) {
            List<double[]> rows = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.US_ASCII))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] cells = line.split(",");
                    if (cells.length != FEATURES + 1) {
                        throw new IllegalArgumentException(file + " line " + (rows.size() + 1) + " has " + cells.length
                                + " fields; expected 64 pixels and a label");
                    }
                    double[] row = new double[FEATURES];
                    for (int j = 0; j < FEATURES; j++) {
                        row[j] = Double.parseDouble(cells[j]) / 16.0;
                    }
                    rows.add(row);
                    labels.add((int) Double.parseDouble(cells[FEATURES]));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the digits from " + file, e);
            }
            double[] x = new double[rows.size() * FEATURES];
            for (int i = 0; i < rows.size(); i++) {
                System.arraycopy(rows.get(i), 0, x, i * FEATURES, FEATURES);
            }
            return new Data(x, labels.stream().mapToInt(Integer::intValue).toArray());
        }

        /** The rows at {@code indices}, in that order. */
        Data rows(int[] indices) {
            double[] sx = new double[indices.length * FEATURES];
            int[] sy = new int[indices.length];
            for (int i = 0; i < indices.length; i++) {
                System.arraycopy(x, indices[i] * FEATURES, sx, i * FEATURES, FEATURES);
                sy[i] = y[indices[i]];
            }
            return new Data(sx, sy);
        }

        /** A seeded split: the first {@code 1 - validationFraction} of a shuffle trains, the rest validates. */
        Data[] split(double validationFraction, long seed) {
            int[] order = shuffled(size(), new SplittableRandom(seed));
            int train = size() - (int) Math.round(validationFraction * size());
            return new Data[] {rows(Arrays.copyOfRange(order, 0, train)), rows(Arrays.copyOfRange(order, train, size()))
            };
        }
    }

    private final Config config;
    private final int h;
    private final double[] w1;
    private final double[] b1;
    private final double[] w2;
    private final double[] b2;
    private final double[] v1;
    private final double[] vb1;
    private final double[] v2;
    private final double[] vb2;
    private final double[] g1;
    private final double[] gb1;
    private final double[] g2;
    private final double[] gb2;
    private final double[] z1;
    private final double[] z2;
    private final double[] d1;
    private final SplittableRandom random;

    DigitsMlp(Config config, long seed) {
        this.config = config;
        this.h = config.hidden();
        this.random = new SplittableRandom(seed);
        w1 = new double[h * FEATURES];
        b1 = new double[h];
        w2 = new double[CLASSES * h];
        b2 = new double[CLASSES];
        double s1 = Math.sqrt(2.0 / FEATURES);
        double s2 = Math.sqrt(1.0 / h);
        for (int i = 0; i < w1.length; i++) {
            w1[i] = s1 * random.nextGaussian();
        }
        for (int i = 0; i < w2.length; i++) {
            w2[i] = s2 * random.nextGaussian();
        }
        v1 = new double[w1.length];
        vb1 = new double[h];
        v2 = new double[w2.length];
        vb2 = new double[CLASSES];
        g1 = new double[w1.length];
        gb1 = new double[h];
        g2 = new double[w2.length];
        gb2 = new double[CLASSES];
        z1 = new double[h];
        z2 = new double[CLASSES];
        d1 = new double[h];
    }

    /** The validation loss after each of {@code epochs} epochs; NaN from the epoch training diverged on. */
    static double[] curve(Config config, Data train, Data validation, int epochs, long seed) {
        DigitsMlp model = new DigitsMlp(config, seed);
        double[] losses = new double[epochs];
        Arrays.fill(losses, Double.NaN);
        for (int e = 0; e < epochs; e++) {
            model.epoch(train);
            double loss = model.loss(validation);
            if (!Double.isFinite(loss)) {
                break;
            }
            losses[e] = loss;
        }
        return losses;
    }

    /** One pass over {@code train} in a fresh random order. */
    void epoch(Data train) {
        int[] order = shuffled(train.size(), random);
        for (int start = 0; start < order.length; start += config.batch()) {
            int end = Math.min(order.length, start + config.batch());
            Arrays.fill(g1, 0);
            Arrays.fill(gb1, 0);
            Arrays.fill(g2, 0);
            Arrays.fill(gb2, 0);
            for (int i = start; i < end; i++) {
                backward(train.x(), order[i] * FEATURES, train.y()[order[i]]);
            }
            double scale = 1.0 / (end - start);
            step(w1, v1, g1, scale, true);
            step(b1, vb1, gb1, scale, false);
            step(w2, v2, g2, scale, true);
            step(b2, vb2, gb2, scale, false);
        }
    }

    private void step(double[] w, double[] v, double[] g, double scale, boolean decay) {
        double lr = config.learningRate();
        double mu = config.momentum();
        double wd = decay ? config.weightDecay() : 0;
        for (int i = 0; i < w.length; i++) {
            v[i] = mu * v[i] - lr * (g[i] * scale + wd * w[i]);
            w[i] += v[i];
        }
    }

    /** Forward pass of one row into z1 (ReLU applied) and z2 (logits); returns the log of the softmax sum. */
    private double forward(double[] x, int offset) {
        for (int j = 0; j < h; j++) {
            double s = b1[j];
            int row = j * FEATURES;
            for (int k = 0; k < FEATURES; k++) {
                s += w1[row + k] * x[offset + k];
            }
            z1[j] = s > 0 ? s : 0;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < CLASSES; c++) {
            double s = b2[c];
            int row = c * h;
            for (int j = 0; j < h; j++) {
                s += w2[row + j] * z1[j];
            }
            z2[c] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < CLASSES; c++) {
            sum += Math.exp(z2[c] - max);
        }
        return max + Math.log(sum);
    }

    private void backward(double[] x, int offset, int label) {
        double logSum = forward(x, offset);
        Arrays.fill(d1, 0);
        for (int c = 0; c < CLASSES; c++) {
            double d = Math.exp(z2[c] - logSum) - (c == label ? 1 : 0);
            gb2[c] += d;
            int row = c * h;
            for (int j = 0; j < h; j++) {
                g2[row + j] += d * z1[j];
                d1[j] += d * w2[row + j];
            }
        }
        for (int j = 0; j < h; j++) {
            if (z1[j] <= 0) {
                continue;
            }
            double d = d1[j];
            gb1[j] += d;
            int row = j * FEATURES;
            for (int k = 0; k < FEATURES; k++) {
                g1[row + k] += d * x[offset + k];
            }
        }
    }

    /** The mean cross-entropy on {@code data}. */
    double loss(Data data) {
        double total = 0;
        for (int i = 0; i < data.size(); i++) {
            double logSum = forward(data.x(), i * FEATURES);
            total += logSum - z2[data.y()[i]];
        }
        return total / data.size();
    }

    static int[] shuffled(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
