package io.paratune.examples.digits;

import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** Trains XGBoost on digits (cross-validated or on all given rows) and scores models; each call uses one thread. */
final class Training {
    private Training() {}

    /** Told the validation loss every few rounds; may throw to stop the fit (for example when pruned). */
    @FunctionalInterface
    interface Progress {
        void evaluated(int rounds, double validationLoss);
    }

    /**
     * The result of a cross-validated fit.
     *
     * @param bestLoss the lowest mean validation log-loss over the folds
     * @param bestRounds the number of rounds at which it was seen
     * @param roundsRun the number of rounds trained before the fit ended
     */
    record Fit(double bestLoss, int bestRounds, int roundsRun) {}

    /**
     * How well a model predicts some digits.
     *
     * @param logLoss mean multi-class log-loss (natural log)
     * @param correct rows whose most probable digit is the true one
     * @param size rows scored
     */
    record Score(double logLoss, int correct, int size) {
        double accuracy() {
            return (double) correct / size;
        }
    }

    /**
     * Cross-validates one configuration: trains one model per fold, all a round at a time, up to
     * {@code maxRounds} rounds. Every {@code evalEvery} rounds it tells {@code progress} the mean
     * validation log-loss over the folds; it stops early once {@code patience} rounds pass without
     * a better one.
     */
    static Fit crossValidate(
            List<Digits.Fold> folds,
            BoosterConfig config,
            long seed,
            int maxRounds,
            int evalEvery,
            int patience,
            Progress progress)
            throws XGBoostError {
        int k = folds.size();
        DMatrix[] train = new DMatrix[k];
        DMatrix[] validation = new DMatrix[k];
        Booster[] boosters = new Booster[k];
        try {
            for (int i = 0; i < k; i++) {
                train[i] = matrix(folds.get(i).train());
                validation[i] = matrix(folds.get(i).validation());
                boosters[i] = XGBoost.train(train[i], config.xgboostParams(seed), 0, Map.of(), null, null);
            }
            double bestLoss = Double.POSITIVE_INFINITY;
            int bestRounds = 0;
            int round = 0;
            while (round < maxRounds) {
                for (int i = 0; i < k; i++) {
                    boosters[i].update(train[i], round);
                }
                round++;
                if (round % evalEvery == 0 || round == maxRounds) {
                    double loss = 0;
                    for (int i = 0; i < k; i++) {
                        loss += score(
                                                boosters[i],
                                                validation[i],
                                                folds.get(i).validation().labels())
                                        .logLoss()
                                / k;
                    }
                    if (loss < bestLoss) {
                        bestLoss = loss;
                        bestRounds = round;
                    }
                    progress.evaluated(round, loss);
                    if (round - bestRounds >= patience) {
                        break;
                    }
                }
            }
            return new Fit(bestLoss, bestRounds, round);
        } finally {
            for (int i = 0; i < k; i++) {
                dispose(boosters[i]);
                dispose(train[i]);
                dispose(validation[i]);
            }
        }
    }

    private static void dispose(Booster b) {
        if (b != null) {
            b.dispose();
        }
    }

    private static void dispose(DMatrix d) {
        if (d != null) {
            d.dispose();
        }
    }

    /** Trains {@code rounds} rounds on {@code data}; the caller disposes the booster. */
    static Booster train(Digits data, BoosterConfig config, long seed, int rounds) throws XGBoostError {
        DMatrix d = matrix(data);
        try {
            return XGBoost.train(d, config.xgboostParams(seed), rounds, Map.of(), null, null);
        } finally {
            d.dispose();
        }
    }

    /** Scores a model on {@code data}. */
    static Score score(Booster booster, Digits data) throws XGBoostError {
        DMatrix d = matrix(data);
        try {
            return score(booster, d, data.labels());
        } finally {
            d.dispose();
        }
    }

    private static Score score(Booster booster, DMatrix data, int[] labels) throws XGBoostError {
        float[][] probabilities = booster.predict(data);
        return score(probabilities, labels);
    }

    /** Log-loss and accuracy of class probabilities, one row per label. */
    static Score score(float[][] probabilities, int[] labels) {
        double loss = 0;
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            float[] p = probabilities[i];
            loss -= Math.log(Math.max(p[labels[i]], 1e-15));
            int argmax = 0;
            for (int c = 1; c < p.length; c++) {
                if (p[c] > p[argmax]) {
                    argmax = c;
                }
            }
            if (argmax == labels[i]) {
                correct++;
            }
        }
        return new Score(loss / labels.length, correct, labels.length);
    }

    private static DMatrix matrix(Digits data) throws XGBoostError {
        DMatrix d = new DMatrix(data.features(), data.size(), Digits.FEATURES, Float.NaN);
        try {
            d.setLabel(data.floatLabels());
        } catch (XGBoostError | RuntimeException e) {
            d.dispose();
            throw e;
        }
        return d;
    }
}
