package io.paratune.bo;

import java.util.Arrays;

/**
 * The hyperparameters of a {@link GaussianProcess}, for the outputs standardised to mean 0 and
 * standard deviation 1 and the inputs in the unit cube (categorical inputs as category indices).
 *
 * @param lengthscales one per input dimension, positive
 * @param outputScale the kernel's variance, positive
 * @param noise the observation noise variance, positive
 */
public record Hyperparameters(double[] lengthscales, double outputScale, double noise) {

    public Hyperparameters {
        if (lengthscales == null || lengthscales.length == 0) {
            throw new IllegalArgumentException("lengthscales are empty; give one per input dimension");
        }
        lengthscales = lengthscales.clone();
        for (int j = 0; j < lengthscales.length; j++) {
            requirePositive("lengthscales[" + j + "]", lengthscales[j]);
        }
        requirePositive("outputScale", outputScale);
        requirePositive("noise", noise);
    }

    private static void requirePositive(String what, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(what + "=" + v + " must be a positive finite number");
        }
    }

    /** The lengthscales (a copy). */
    @Override
    public double[] lengthscales() {
        return lengthscales.clone();
    }

    /** The number of input dimensions. */
    public int dimension() {
        return lengthscales.length;
    }

    double[] toTheta() {
        double[] theta = new double[lengthscales.length + 2];
        for (int j = 0; j < lengthscales.length; j++) {
            theta[j] = Math.log(lengthscales[j]);
        }
        theta[lengthscales.length] = Math.log(outputScale);
        theta[lengthscales.length + 1] = Math.log(noise);
        return theta;
    }

    static Hyperparameters fromTheta(double[] theta) {
        int d = theta.length - 2;
        double[] ls = new double[d];
        for (int j = 0; j < d; j++) {
            ls[j] = Math.exp(theta[j]);
        }
        return new Hyperparameters(ls, Math.exp(theta[d]), Math.exp(theta[d + 1]));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hyperparameters h
                && Arrays.equals(lengthscales, h.lengthscales)
                && outputScale == h.outputScale
                && noise == h.noise;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(lengthscales) + Double.hashCode(outputScale) * 17 + Double.hashCode(noise);
    }

    @Override
    public String toString() {
        return "Hyperparameters[lengthscales=" + Arrays.toString(lengthscales) + ", outputScale=" + outputScale
                + ", noise=" + noise + "]";
    }
}
