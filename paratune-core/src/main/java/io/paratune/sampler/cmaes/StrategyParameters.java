package io.paratune.sampler.cmaes;

/**
 * The strategy parameters of CMA-ES for a dimension and population size (Hansen 2016, "The CMA
 * Evolution Strategy: A Tutorial", Table 1, with negative weights; Ros and Hansen 2008 for the
 * separable variant): recombination weights, learning rates and damping.
 *
 * @param lambda the population size
 * @param mu the number of parents
 * @param weights the recombination weights, best first ({@code mu} positive ones when separable,
 *     else {@code lambda} with negative ones at the end)
 * @param muEff the variance effective selection mass
 * @param c1 the learning rate of the rank-one update
 * @param cmu the learning rate of the rank-mu update
 * @param cSigma the learning rate of the step-size path
 * @param cc the learning rate of the covariance path
 * @param dSigma the damping of the step size
 * @param chiN the expected length of an {@code n}-dimensional standard normal vector
 */
record StrategyParameters(
        int lambda,
        int mu,
        double[] weights,
        double muEff,
        double c1,
        double cmu,
        double cSigma,
        double cc,
        double dSigma,
        double chiN) {

    /**
     * The parameters for {@code n} coordinates.
     *
     * @param populationSize lambda, or 0 for the default {@code 4 + floor(3 ln n)}
     * @throws IllegalArgumentException if the population is smaller than 2
     */
    static StrategyParameters of(int n, int populationSize, boolean separable) {
        int lambda = populationSize > 0 ? populationSize : 4 + (int) Math.floor(3 * Math.log(n));
        if (lambda < 2) {
            throw new IllegalArgumentException("CMA-ES population size " + lambda + " must be >= 2");
        }
        int mu = lambda / 2;
        double alphaCov = 2;
        double[] weights;
        double muEff;
        double c1;
        double cmu;
        double cSigma;
        double cc;
        if (separable) {
            weights = new double[mu];
            double sum = 0;
            for (int i = 0; i < mu; i++) {
                weights[i] = Math.log(mu + 1) - Math.log(i + 1);
                sum += weights[i];
            }
            double sq = 0;
            for (int i = 0; i < mu; i++) {
                weights[i] /= sum;
                sq += weights[i] * weights[i];
            }
            muEff = 1 / sq;
            c1 = alphaCov / ((n + 1.3) * (n + 1.3) + muEff);
            double cmuFull = 2 / muEff / ((n + Math.sqrt(2)) * (n + Math.sqrt(2)))
                    + (1 - 1 / muEff) * Math.min(1, (2 * muEff - 1) / ((n + 2) * (n + 2) + muEff));
            cmu = (n + 2) / 3.0 * cmuFull;
            cSigma = (muEff + 2) / (n + muEff + 3);
            cc = 4.0 / (n + 4);
        } else {
            double[] prime = new double[lambda];
            for (int i = 0; i < lambda; i++) {
                prime[i] = Math.log((lambda + 1) / 2.0) - Math.log(i + 1);
            }
            muEff = squareOfSum(prime, 0, mu) / sumOfSquares(prime, 0, mu);
            double muEffMinus = squareOfSum(prime, mu, lambda) / sumOfSquares(prime, mu, lambda);
            c1 = alphaCov / ((n + 1.3) * (n + 1.3) + muEff);
            cmu = Math.min(
                    1 - c1 - 1e-8, alphaCov * (muEff - 2 + 1 / muEff) / ((n + 2) * (n + 2) + alphaCov * muEff / 2));
            double minAlpha =
                    Math.min(1 + c1 / cmu, Math.min(1 + 2 * muEffMinus / (muEff + 2), (1 - c1 - cmu) / (n * cmu)));
            double positive = 0;
            double negative = 0;
            for (double w : prime) {
                if (w > 0) {
                    positive += w;
                } else {
                    negative -= w;
                }
            }
            weights = new double[lambda];
            for (int i = 0; i < lambda; i++) {
                weights[i] = prime[i] >= 0 ? prime[i] / positive : minAlpha / negative * prime[i];
            }
            cSigma = (muEff + 2) / (n + muEff + 5);
            cc = (4 + muEff / n) / (n + 4 + 2 * muEff / n);
        }
        double dSigma = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + cSigma;
        double chiN = Math.sqrt(n) * (1.0 - 1.0 / (4.0 * n) + 1.0 / (21.0 * n * n));
        return new StrategyParameters(lambda, mu, weights, muEff, c1, cmu, cSigma, cc, dSigma, chiN);
    }

    private static double squareOfSum(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v[i];
        }
        return s * s;
    }

    private static double sumOfSquares(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v[i] * v[i];
        }
        return s;
    }
}
