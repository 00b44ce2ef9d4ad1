package io.paratune.bo;

/**
 * An acquisition function: how a point's posterior turns into a score to maximise. Outputs are
 * minimised (a sampler passes losses).
 */
public sealed interface Acquisition
        permits Acquisition.LogExpectedImprovement,
                Acquisition.UpperConfidenceBound,
                Acquisition.LogProbabilityOfImprovement {

    /**
     * The logarithm of expected improvement over the incumbent (the smallest posterior mean at
     * the observations), computed stably far below the incumbent (Ament et al., NeurIPS 2023).
     */
    record LogExpectedImprovement() implements Acquisition {}

    /**
     * The lower confidence bound for minimisation, negated: {@code -(mean - sqrt(beta) sd)}.
     *
     * @param beta the exploration weight; finite and {@code >= 0}
     */
    record UpperConfidenceBound(double beta) implements Acquisition {
        public UpperConfidenceBound {
            if (!(beta >= 0) || !Double.isFinite(beta)) {
                throw new IllegalArgumentException("UCB beta=" + beta + " must be a finite number >= 0; 2 is common");
            }
        }
    }

    /** The logarithm of the probability of improving on the incumbent. */
    record LogProbabilityOfImprovement() implements Acquisition {}

    /** Log expected improvement. */
    static Acquisition logEi() {
        return new LogExpectedImprovement();
    }

    /** Upper confidence bound with exploration weight {@code beta}. */
    static Acquisition ucb(double beta) {
        return new UpperConfidenceBound(beta);
    }

    /** Log probability of improvement. */
    static Acquisition logPi() {
        return new LogProbabilityOfImprovement();
    }
}
