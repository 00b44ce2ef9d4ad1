package io.paratune.sampler.tpe;

import io.paratune.space.CategoricalDistribution;
import io.paratune.space.Distribution;
import io.paratune.space.FloatDistribution;
import io.paratune.space.IntDistribution;

/**
 * How one parameter enters a Parzen estimator. Numeric parameters live in the unit interval of
 * {@link Distribution#toUnit} (log space for {@code log}); there a float without step gets
 * continuous kernels, and a parameter with a grid (int, stepped float) discrete kernels: the mass
 * a truncated Gaussian puts on the grid point's cell (for {@code log} ints the cell of
 * {@code [k - 1/2, k + 1/2]} in log space). Categorical parameters use the choice index.
 */
final class Dim {
    enum Kind {
        CONTINUOUS,
        DISCRETE,
        CATEGORICAL
    }

    final String name;
    final Distribution distribution;
    final Kind kind;
    /** Number of choices of a categorical, else 0. */
    final int cells;
    /**
     * Half the width of a grid cell of a linear discrete parameter in the unit interval (from its
     * cardinality, which may exceed the int range), else 0.
     */
    private final double halfCell;

    private final double logLow;
    private final double logSpan;

    private Dim(Distribution distribution) {
        this.name = distribution.name();
        this.distribution = distribution;
        if (distribution instanceof CategoricalDistribution c) {
            kind = Kind.CATEGORICAL;
            cells = c.choices().size();
            halfCell = 0;
            logLow = logSpan = 0;
        } else if (distribution instanceof FloatDistribution f && f.step().isEmpty()) {
            kind = Kind.CONTINUOUS;
            cells = 0;
            halfCell = 0;
            logLow = logSpan = 0;
        } else if (distribution instanceof IntDistribution i && i.log()) {
            kind = Kind.DISCRETE;
            cells = 0;
            halfCell = 0;
            logLow = Math.log(i.low() - 0.5);
            logSpan = Math.log(i.high() + 0.5) - logLow;
        } else {
            kind = Kind.DISCRETE;
            cells = 0;
            halfCell = 0.5 / distribution.cardinality();
            logLow = logSpan = 0;
        }
    }

    static Dim of(Distribution distribution) {
        return new Dim(distribution);
    }

    boolean isCategorical() {
        return kind == Kind.CATEGORICAL;
    }

    /** The estimator coordinate of a member: its unit value, or the choice index. */
    double coordinate(double internal) {
        return kind == Kind.CATEGORICAL ? internal : distribution.toUnit(internal);
    }

    /** The member a unit-interval draw falls on (numeric parameters). */
    double internal(double unit) {
        return distribution.fromUnit(unit);
    }

    /** The lower end, in the unit interval, of the cell of a discrete member. */
    double cellLow(double internal) {
        if (halfCell == 0) {
            return Math.max(0, (Math.log(internal - 0.5) - logLow) / logSpan);
        }
        return Math.max(0, distribution.toUnit(internal) - halfCell);
    }

    /** The upper end, in the unit interval, of the cell of a discrete member. */
    double cellHigh(double internal) {
        if (halfCell == 0) {
            return Math.min(1, (Math.log(internal + 0.5) - logLow) / logSpan);
        }
        return Math.min(1, distribution.toUnit(internal) + halfCell);
    }

    @Override
    public String toString() {
        return name + ":" + kind;
    }
}
