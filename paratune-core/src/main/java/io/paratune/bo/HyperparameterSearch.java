package io.paratune.bo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Finds a GP's hyperparameters by maximum a posteriori: bounded L-BFGS on the analytic gradients of
 * a {@link MarginalLikelihood}, from the warm start and the best of several screened starts.
 *
 * <p>The starts are the warm start, a default start with short lengthscales and seeded random
 * starts spread upwards from it; all but the warm start are screened by their value (cheap), and
 * the search runs from the warm start and the best other start, or from the best two without a warm
 * start. The best result, clamped to the bounds, is kept.
 */
final class HyperparameterSearch {
    private static final double LOG_LS_LOW = Math.log(1e-3);
    private static final double LOG_LS_HIGH = Math.log(1e3);
    private static final double LOG_SCALE_LOW = Math.log(1e-3);
    private static final double LOG_SCALE_HIGH = Math.log(1e3);
    private static final double LOG_NOISE_HIGH = Math.log(2);

    private HyperparameterSearch() {}

    /** Fills the first {@code d + 2} bounds of {@code theta} (lengthscales, output scale, noise). */
    static void bounds(int d, GpFitOptions options, double[] lower, double[] upper) {
        Arrays.fill(lower, 0, d, LOG_LS_LOW);
        Arrays.fill(upper, 0, d, LOG_LS_HIGH);
        lower[d] = LOG_SCALE_LOW;
        upper[d] = LOG_SCALE_HIGH;
        lower[d + 1] = Math.log(options.noiseFloor());
        upper[d + 1] = options.fixedNoise() ? lower[d + 1] : Math.max(LOG_NOISE_HIGH, lower[d + 1]);
    }

    /**
     * The hyperparameters found, as {@link Hyperparameters#fromTheta} takes them, and the
     * evaluations of the marginal likelihood spent.
     */
    record Result(double[] theta, int evaluations) {}

    /**
     * Searches the hyperparameters of d input dimensions.
     *
     * @param warmStart hyperparameters to start one search from, or null; ignored when of another
     *     dimension
     * @param random draws the random starts
     */
    static Result run(
            MarginalLikelihood objective,
            int d,
            GpFitOptions options,
            Hyperparameters warmStart,
            SplittableRandom random) {
        int p = objective.parameters();
        double[] lower = new double[p];
        double[] upper = new double[p];
        bounds(d, options, lower, upper);
        List<double[]> starts = new ArrayList<>();
        if (warmStart != null && warmStart.dimension() == d) {
            starts.add(warmStart.toTheta());
        }
        double mu = MarginalLikelihood.lengthscalePriorMean(d);
        // starts from short lengthscales (1.5 below the prior's log median) spread upwards: the
        // likelihood's modes with short lengthscales are the narrow ones a single start misses
        double[] standard = new double[p];
        Arrays.fill(standard, 0, d, mu - 1.5);
        standard[d] = 0;
        standard[d + 1] = Math.max(lower[d + 1], Math.log(1e-3));
        starts.add(standard);
        for (int r = 0; r < options.restarts(); r++) {
            double[] theta = new double[p];
            for (int j = 0; j < d; j++) {
                theta[j] = mu - 1.5 + random.nextGaussian();
            }
            theta[d] = 0.5 * random.nextGaussian();
            theta[d + 1] = lower[d + 1] + random.nextDouble() * (Math.log(1e-1) - lower[d + 1]);
            starts.add(theta);
        }
        if (options.fixedNoise()) {
            for (double[] start : starts) {
                start[d + 1] = lower[d + 1];
            }
        }
        // screen the starts by their value (cheap), then search from the warm start and the best other
        // start, or from the best two without a warm start
        double[] gradient = new double[p];
        int warm = warmStart != null && warmStart.dimension() == d ? 1 : 0;
        List<double[]> chosen = new ArrayList<>(starts.subList(0, warm));
        List<double[]> others = new ArrayList<>(starts.subList(warm, starts.size()));
        double[] screened = new double[others.size()];
        for (int i = 0; i < others.size(); i++) {
            screened[i] = objective.valueAndGradient(others.get(i), gradient);
        }
        int evaluations = others.size();
        Integer[] order = new Integer[others.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(
                order,
                Comparator.comparingDouble(i -> Double.isNaN(screened[i]) ? Double.POSITIVE_INFINITY : screened[i]));
        for (int i = 0; i < order.length && chosen.size() < 2; i++) {
            chosen.add(others.get(order[i]));
        }
        BoundedLbfgs lbfgs = new BoundedLbfgs(p, 10);
        double best = Double.POSITIVE_INFINITY;
        double[] bestTheta = standard.clone();
        for (double[] start : chosen) {
            double[] theta = start.clone();
            double v = lbfgs.minimize(objective, theta, lower, upper, options.maxIterations(), 1e-10);
            evaluations += lbfgs.evaluations();
            if (v < best) {
                best = v;
                bestTheta = theta;
            }
        }
        for (int j = 0; j < p; j++) {
            bestTheta[j] = Math.max(lower[j], Math.min(upper[j], bestTheta[j]));
        }
        return new Result(bestTheta, evaluations);
    }
}
