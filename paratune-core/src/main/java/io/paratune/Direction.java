package io.paratune;

/** Whether an objective value is to be minimised or maximised. */
public enum Direction {
    MINIMIZE,
    MAXIMIZE;

    /** Whether {@code a} is strictly better than {@code b} in this direction. */
    public boolean isBetter(double a, double b) {
        return this == MINIMIZE ? a < b : a > b;
    }

    /** The value as a loss: itself when minimising, negated when maximising. */
    public double asLoss(double value) {
        return this == MINIMIZE ? value : -value;
    }
}
