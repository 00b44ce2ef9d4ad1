package io.paratune.examples.digits;

import io.paratune.Trial;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The XGBoost hyperparameters the study tunes, with the ranges it searches.
 *
 * @param eta learning rate (log 0.01..0.5)
 * @param maxDepth tree depth (2..10)
 * @param minChildWeight least hessian sum in a leaf (log 0.1..20)
 * @param subsample fraction of rows per tree (0.5..1)
 * @param colsampleBytree fraction of pixels per tree (0.3..1)
 * @param lambda L2 penalty on leaf weights (log 0.001..10)
 * @param alpha L1 penalty on leaf weights (log 0.001..10)
 */
record BoosterConfig(
        double eta,
        int maxDepth,
        double minChildWeight,
        double subsample,
        double colsampleBytree,
        double lambda,
        double alpha) {

    /** Suggests every hyperparameter on the trial. */
    static BoosterConfig suggest(Trial trial) {
        return new BoosterConfig(
                trial.suggestFloat("eta", 0.01, 0.5, true),
                trial.suggestInt("max_depth", 2, 10),
                trial.suggestFloat("min_child_weight", 0.1, 20, true),
                trial.suggestFloat("subsample", 0.5, 1.0),
                trial.suggestFloat("colsample_bytree", 0.3, 1.0),
                trial.suggestFloat("lambda", 1e-3, 10, true),
                trial.suggestFloat("alpha", 1e-3, 10, true));
    }

    /** The configuration of a finished trial, from its parameters. */
    static BoosterConfig of(Map<String, Object> params) {
        return new BoosterConfig(
                number(params, "eta").doubleValue(),
                number(params, "max_depth").intValue(),
                number(params, "min_child_weight").doubleValue(),
                number(params, "subsample").doubleValue(),
                number(params, "colsample_bytree").doubleValue(),
                number(params, "lambda").doubleValue(),
                number(params, "alpha").doubleValue());
    }

    private static Number number(Map<String, Object> params, String name) {
        if (!(params.get(name) instanceof Number n)) {
            throw new IllegalArgumentException(
                    "parameter '" + name + "' is " + params.get(name) + " in " + params + "; expected a number");
        }
        return n;
    }

    /**
     * The full XGBoost parameter map: 10-class softmax probabilities, histogram trees, one thread
     * (the study runs trials in parallel instead), silent, seeded.
     */
    Map<String, Object> xgboostParams(long seed) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("objective", "multi:softprob");
        p.put("num_class", Digits.CLASSES);
        p.put("tree_method", "hist");
        p.put("nthread", 1);
        p.put("verbosity", 0);
        p.put("seed", seed);
        p.put("eta", eta);
        p.put("max_depth", maxDepth);
        p.put("min_child_weight", minChildWeight);
        p.put("subsample", subsample);
        p.put("colsample_bytree", colsampleBytree);
        p.put("lambda", lambda);
        p.put("alpha", alpha);
        return p;
    }
}
