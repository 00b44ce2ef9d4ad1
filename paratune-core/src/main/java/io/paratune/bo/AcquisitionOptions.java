package io.paratune.bo;

import java.util.Objects;

/**
 * How {@link AcquisitionOptimizer} scores and searches.
 *
 * @param acquisition the acquisition function
 * @param batchStrategy how pending points are accounted for
 * @param rawSamples scrambled-Sobol candidates scored first; at least 16 (512 or more is advised)
 * @param localSamples extra candidates drawn around the best observations; at least 0
 * @param restarts the best candidates refined by bounded quasi-Newton; at least 1
 * @param maxIterations the most quasi-Newton iterations per refinement; at least 1
 * @param mcSamples quasi-random draws of the pending outputs for {@link BatchStrategy#MONTE_CARLO};
 *     at least 1
 * @param threads the most threads scoring and refining candidates at once (the calling thread and
 *     others of the common fork-join pool); 0 for as many as the machine has processors
 * @param discreteNeighbours whether a refined point's int and step coordinates then move to
 *     neighbouring allowed values, and its categorical ones to other categories, while the score
 *     rises (up to three passes); false rounds them and tries each category once. Off by default:
 *     on the real-model suite it was not better (docs/dev/bench-log.md)
 */
public record AcquisitionOptions(
        Acquisition acquisition,
        BatchStrategy batchStrategy,
        int rawSamples,
        int localSamples,
        int restarts,
        int maxIterations,
        int mcSamples,
        int threads,
        boolean discreteNeighbours) {

    public AcquisitionOptions {
        Objects.requireNonNull(acquisition, "acquisition");
        Objects.requireNonNull(batchStrategy, "batchStrategy");
        check(rawSamples >= 16, "rawSamples=" + rawSamples + " must be >= 16; 512 or more is advised");
        check(localSamples >= 0, "localSamples=" + localSamples + " must be >= 0");
        check(restarts >= 1, "restarts=" + restarts + " must be >= 1");
        check(maxIterations >= 1, "maxIterations=" + maxIterations + " must be >= 1");
        check(mcSamples >= 1, "mcSamples=" + mcSamples + " must be >= 1; 128 is usual");
        check(threads >= 0, "threads=" + threads + " must be >= 0 (0: as many as the processors)");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("acquisition options: " + message);
        }
    }

    /**
     * Log EI, Monte-Carlo batch handling, 1024 raw and 128 local candidates, 10 restarts of 100
     * iterations, 128 draws, as many threads as processors.
     */
    public static AcquisitionOptions defaults() {
        return new AcquisitionOptions(
                Acquisition.logEi(), BatchStrategy.MONTE_CARLO, 1024, 128, 10, 100, 128, 0, false);
    }

    /** These options with another acquisition. */
    public AcquisitionOptions withAcquisition(Acquisition acquisition) {
        return new AcquisitionOptions(
                acquisition,
                batchStrategy,
                rawSamples,
                localSamples,
                restarts,
                maxIterations,
                mcSamples,
                threads,
                discreteNeighbours);
    }

    /** These options with another batch strategy. */
    public AcquisitionOptions withBatchStrategy(BatchStrategy batchStrategy) {
        return new AcquisitionOptions(
                acquisition,
                batchStrategy,
                rawSamples,
                localSamples,
                restarts,
                maxIterations,
                mcSamples,
                threads,
                discreteNeighbours);
    }

    /** These options with at most {@code threads} threads; 0 for as many as the processors. */
    public AcquisitionOptions withThreads(int threads) {
        return new AcquisitionOptions(
                acquisition,
                batchStrategy,
                rawSamples,
                localSamples,
                restarts,
                maxIterations,
                mcSamples,
                threads,
                discreteNeighbours);
    }

    /** These options with the neighbour search of discrete coordinates on or off. */
    public AcquisitionOptions withDiscreteNeighbours(boolean on) {
        return new AcquisitionOptions(
                acquisition, batchStrategy, rawSamples, localSamples, restarts, maxIterations, mcSamples, threads, on);
    }

    /** The number of threads to use: {@link #threads}, or the processors when it is 0. */
    public int threadCount() {
        return threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}
