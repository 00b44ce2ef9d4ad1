package io.paratune.bo;

/**
 * A point the acquisition search considers, with its score and, while it is scored from them, its
 * posterior moments.
 */
final class Candidate {
    final double[] point;
    double score;
    /** The posterior mean and variance, and the cross-covariances with the pending points. */
    double mean;

    double variance;
    double[] cross;

    Candidate(double[] point, double score) {
        this.point = point;
        this.score = score;
    }
}
