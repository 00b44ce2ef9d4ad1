package io.paratune.sampler.cmaes;

import java.util.SplittableRandom;

/**
 * When CMA-ES restarts, the population size and step size of the next run: IPOP multiplies the
 * default population by {@code incPopSize} at each restart (Auger and Hansen 2005); BIPOP
 * alternates those large runs with small runs of random smaller populations and step sizes,
 * whichever regime has used fewer evaluations (Hansen 2009). Not thread-safe: {@link CmaEsStudyState} holds
 * it under its lock.
 */
final class RestartSchedule {
    /** The settings of the next run. */
    record Run(int lambda, double sigma) {}

    private final CmaEsSampler.Restart strategy;
    private final int incPopSize;
    private int defaultLambda;
    private int lastLargeLambda;
    private int largeRuns;
    private long budgetLarge;
    private long budgetSmall;
    private boolean smallRun;

    RestartSchedule(CmaEsSampler.Restart strategy, int incPopSize) {
        this.strategy = strategy;
        this.incPopSize = incPopSize;
    }

    /**
     * Starts the schedule over (also when the state is replayed from the study): the first run
     * starts with {@code firstLambda} members; {@code defaultLambda} is the rule's.
     */
    void begin(int defaultLambda, int firstLambda) {
        this.defaultLambda = defaultLambda;
        this.lastLargeLambda = firstLambda;
        this.largeRuns = 0;
        this.budgetLarge = 0;
        this.budgetSmall = 0;
        this.smallRun = false;
    }

    /**
     * The next run, after a run that used {@code used} evaluations; draws from {@code rng} (after
     * the new mean) for a small BIPOP run.
     */
    Run next(long used, SplittableRandom rng, double sigma0) {
        if (smallRun) {
            budgetSmall += used;
        } else {
            budgetLarge += used;
        }
        int lambda;
        double sigma = sigma0;
        if (strategy == CmaEsSampler.Restart.BIPOP && budgetSmall < budgetLarge) {
            smallRun = true;
            double u = rng.nextDouble();
            lambda = Math.max(
                    2, (int) Math.floor(defaultLambda * Math.pow(0.5 * lastLargeLambda / defaultLambda, u * u)));
            sigma *= Math.pow(10, -2 * u);
        } else {
            smallRun = false;
            largeRuns++;
            lambda = (int) Math.min(Integer.MAX_VALUE / 2, defaultLambda * Math.pow(incPopSize, largeRuns));
            lastLargeLambda = lambda;
        }
        return new Run(lambda, sigma);
    }
}
