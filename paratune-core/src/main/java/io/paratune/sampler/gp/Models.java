package io.paratune.sampler.gp;

import io.paratune.FrozenTrial;
import io.paratune.bo.GaussianProcess;
import io.paratune.bo.GpFitOptions;
import io.paratune.bo.Hyperparameters;
import io.paratune.bo.InputWarping;
import io.paratune.internal.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The GP sampler's models of one study: each output's model cached, re-conditioned on new
 * observations or refitted (its hyperparameters re-optimised, warm-started) by one refit policy.
 */
final class Models {
    /** Below this many observations every new set of observations re-optimises the hyperparameters. */
    static final int REFIT_ALWAYS_BELOW = 200;

    private Models() {}

    /** Outputs of a model are scaled down below this magnitude, so that their sums and squares stay finite. */
    static final double MAX_OUTPUT = 0x1p480;

    /**
     * The factor a model's outputs are multiplied by: 1 unless the largest magnitude exceeds
     * {@link #MAX_OUTPUT} (finite values near the largest double, whose sums, differences and
     * squares overflow), else the power of two that brings it just below. A power of two scales
     * exactly, and a standardised GP, the hypervolume, the Chebyshev scalarisation and the
     * probability of feasibility are all unchanged by a common positive factor.
     */
    static double outputScale(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Math.abs(v));
        }
        if (!(max > MAX_OUTPUT) || Double.isInfinite(max)) {
            return 1;
        }
        return Math.scalb(1.0, Math.getExponent(MAX_OUTPUT) - 1 - Math.getExponent(max));
    }

    /**
     * Observations as a model takes them: trial numbers, GP inputs, and outputs scaled by {@link
     * #outputScale}.
     */
    record Observed(List<Integer> numbers, double[][] x, double[] y) {
        static Observed of(SpaceEncoding enc, List<FrozenTrial> data, ToDoubleFunction<FrozenTrial> output) {
            List<Integer> numbers = new ArrayList<>(data.size());
            double[][] x = new double[data.size()][];
            double[] y = new double[data.size()];
            for (int i = 0; i < data.size(); i++) {
                FrozenTrial t = data.get(i);
                numbers.add(t.number());
                x[i] = enc.encode(enc.internalValues(t.internalParams(), t.distributions()));
                y[i] = output.applyAsDouble(t);
            }
            double factor = outputScale(y);
            for (int i = 0; i < y.length; i++) {
                y[i] *= factor;
            }
            return new Observed(numbers, x, y);
        }
    }

    /**
     * Whether a model of {@code n} observations, whose hyperparameters were last optimised on
     * {@code optimisedAt}, optimises them again: always while small, then once a tenth are new.
     */
    private static boolean refits(int n, int optimisedAt) {
        return n < REFIT_ALWAYS_BELOW || n - optimisedAt >= optimisedAt / 10;
    }

    /** A GP on warped inputs and its warping. */
    record Warped(GaussianProcess gp, InputWarping warping) {}

    /**
     * As {@link #model}, with the numeric inputs warped ({@link InputWarping}): the warping is
     * refitted with the hyperparameters, and kept while the model is only re-conditioned.
     */
    static Warped warpedModel(
            GpStudyState state,
            String key,
            SpaceEncoding enc,
            List<FrozenTrial> data,
            ToDoubleFunction<FrozenTrial> output,
            GpFitOptions fitOptions,
            long seed) {
        Observed o = Observed.of(enc, data, output);
        GpStudyState.WarpedFit last = state.warpedFits.get(key);
        boolean sameSpace = last != null && last.space().equals(enc.space);
        if (sameSpace && last.trialNumbers().equals(o.numbers())) {
            return new Warped(last.gp(), last.warping());
        }
        int n = data.size();
        boolean optimise = !sameSpace || refits(n, last.optimisedAt());
        long fitSeed = Seeds.derive(seed, n, Seeds.Purpose.GP_FIT);
        InputWarping warping = optimise
                ? InputWarping.fit(
                        o.x(), o.y(), enc.categorical, fitOptions, sameSpace ? last.warping() : null, fitSeed)
                : last.warping();
        double[][] x = warping.warpAll(o.x());
        GaussianProcess gp = optimise
                ? GaussianProcess.fit(
                        x,
                        o.y(),
                        enc.categorical,
                        fitOptions,
                        sameSpace ? last.gp().hyperparameters() : null,
                        fitSeed)
                : GaussianProcess.withHyperparameters(
                        x, o.y(), enc.categorical, last.gp().hyperparameters());
        state.warpedFits.put(
                key,
                new GpStudyState.WarpedFit(
                        enc.space, List.copyOf(o.numbers()), gp, warping, optimise ? n : last.optimisedAt()));
        return new Warped(gp, warping);
    }

    /**
     * The model of one output ({@code key}) of these observations: cached, re-conditioned or
     * refitted; called under the lock.
     */
    static GaussianProcess model(
            GpStudyState state,
            String key,
            SpaceEncoding enc,
            List<FrozenTrial> data,
            ToDoubleFunction<FrozenTrial> output,
            GpFitOptions fitOptions,
            long seed) {
        Observed o = Observed.of(enc, data, output);
        List<Integer> numbers = o.numbers();
        double[][] x = o.x();
        double[] y = o.y();
        GpStudyState.Fit last = state.fits.get(key);
        if (last != null
                && last.space().equals(enc.space)
                && last.trialNumbers().equals(numbers)) {
            return last.gp();
        }
        Hyperparameters warm =
                last != null && last.space().equals(enc.space) ? last.gp().hyperparameters() : null;
        int n = data.size();
        boolean optimise = warm == null || refits(n, last.optimisedAt());
        GaussianProcess gp = optimise
                ? GaussianProcess.fit(
                        x, y, enc.categorical, fitOptions, warm, Seeds.derive(seed, n, Seeds.Purpose.GP_FIT))
                : GaussianProcess.withHyperparameters(x, y, enc.categorical, warm);
        state.fits.put(
                key, new GpStudyState.Fit(enc.space, List.copyOf(numbers), gp, optimise ? n : last.optimisedAt()));
        return gp;
    }
}
