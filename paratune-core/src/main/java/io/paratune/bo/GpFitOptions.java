package io.paratune.bo;

/**
 * How {@link GaussianProcess#fit} chooses hyperparameters.
 *
 * @param restarts random starting points screened by their posterior value besides the warm start
 *     and a default start; the quasi-Newton search runs from the warm start and the best other start
 *     (the best two without a warm start); at least 0
 * @param maxIterations the most quasi-Newton iterations per start; at least 1
 * @param noiseFloor the smallest noise variance (standardised units) the fit may choose; in
 *     {@code [1e-10, 1e-1]}; about 1e-6 suits deterministic objectives
 * @param maxFitPoints the most observations the hyperparameters are fitted on: beyond it, half
 *     are the best observations and half a seeded random choice of the others (the posterior still
 *     conditions on every observation); at least 8
 * @param fixedNoise whether the noise variance is fixed at {@code noiseFloor} instead of learned: for
 *     deterministic objectives, as Optuna's {@code GPSampler(deterministic_objective=True)}; the
 *     model then interpolates the observations instead of explaining part of them as noise
 * @param priorMean the form of the prior mean, whose coefficients are estimated with the
 *     hyperparameters
 */
public record GpFitOptions(
        int restarts, int maxIterations, double noiseFloor, int maxFitPoints, boolean fixedNoise, PriorMean priorMean) {

    /** The form of the GP's prior mean (what the model reverts to away from the observations). */
    public enum PriorMean {
        /** One constant, its generalised-least-squares estimate. */
        CONSTANT,
        /**
         * A constant plus a linear and a quadratic term per continuous dimension (centred on the
         * middle of its range), estimated by generalised least squares with a weak ridge: away from
         * the observations the model follows the broad bowl or slope the data show instead of one
         * constant, so it does not rate unexplored corners as promising when the data rise towards
         * them. It suits objectives with one broad basin; it is not the default (decision record
         * docs/decisions/0007-multi-objective-ehvi.md).
         */
        QUADRATIC
    }

    /** Options with a learned noise variance and a constant prior mean. */
    public GpFitOptions(int restarts, int maxIterations, double noiseFloor, int maxFitPoints) {
        this(restarts, maxIterations, noiseFloor, maxFitPoints, false, PriorMean.CONSTANT);
    }

    /** Options with a constant prior mean. */
    public GpFitOptions(int restarts, int maxIterations, double noiseFloor, int maxFitPoints, boolean fixedNoise) {
        this(restarts, maxIterations, noiseFloor, maxFitPoints, fixedNoise, PriorMean.CONSTANT);
    }

    public GpFitOptions {
        check(priorMean != null, "priorMean=null; give PriorMean.CONSTANT or PriorMean.QUADRATIC");
        check(restarts >= 0, "restarts=" + restarts + " must be >= 0");
        check(maxIterations >= 1, "maxIterations=" + maxIterations + " must be >= 1");
        check(
                noiseFloor >= 1e-10 && noiseFloor <= 1e-1,
                "noiseFloor=" + noiseFloor + " must be in [1e-10, 1e-1]; use 1e-6 for deterministic objectives");
        check(maxFitPoints >= 8, "maxFitPoints=" + maxFitPoints + " must be >= 8");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("GP fit options: " + message);
        }
    }

    /** Eight random starts screened, 200 iterations, noise floor 1e-6, fit on at most 256 observations. */
    public static GpFitOptions defaults() {
        return new GpFitOptions(8, 200, 1e-6, 256, false, PriorMean.CONSTANT);
    }

    /** These options with the noise variance fixed at {@link #noiseFloor()} (deterministic objectives). */
    public GpFitOptions withFixedNoise() {
        return new GpFitOptions(restarts, maxIterations, noiseFloor, maxFitPoints, true, priorMean);
    }

    /** These options with the given form of prior mean. */
    public GpFitOptions withPriorMean(PriorMean mean) {
        return new GpFitOptions(restarts, maxIterations, noiseFloor, maxFitPoints, fixedNoise, mean);
    }
}
