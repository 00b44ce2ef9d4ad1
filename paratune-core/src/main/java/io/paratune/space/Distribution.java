package io.paratune.space;

/**
 * The range of values one parameter may take, and its mappings between three representations.
 *
 * <ul>
 *   <li><b>external</b>: the value the objective sees ({@code Double}, {@code Long}/{@code Integer}
 *       or a categorical choice);
 *   <li><b>internal</b>: a {@code double} that storages keep and samplers exchange; the number
 *       itself for float and int parameters, the choice index for categorical ones;
 *   <li><b>unit</b>: a point of {@code [0, 1]} that model-based samplers work in: log space for
 *       {@code log} parameters, equal-width cells for every grid point of int, step and categorical
 *       parameters.
 * </ul>
 *
 * <p>Distributions are immutable and validated at construction; an invalid one throws an
 * {@link IllegalArgumentException} naming the parameter, the value and the fix.
 */
public sealed interface Distribution permits FloatDistribution, IntDistribution, CategoricalDistribution {

    /** The parameter name the distribution was declared for, used in error messages. */
    String name();

    /**
     * Converts an external value to the internal representation.
     *
     * @throws IllegalArgumentException if the value is not a member of the distribution
     */
    double toInternal(Object external);

    /** Converts an internal value (as produced by {@link #toInternal} or {@link #fromUnit}). */
    Object toExternal(double internal);

    /** Whether {@code internal} is a member: inside the bounds and on the grid. */
    boolean contains(double internal);

    /** Maps a member's internal value into {@code [0, 1]}. */
    double toUnit(double internal);

    /**
     * Maps any point of {@code [0, 1]} (values outside are clamped) to a member's internal value:
     * inside the bounds, on the grid for int, step and categorical parameters.
     */
    double fromUnit(double unit);

    /** Whether the distribution has exactly one member. */
    boolean isSingle();

    /** Number of members for grid-like distributions, or {@code -1} for a continuous range. */
    long cardinality();

    /**
     * Whether {@code other} describes the same range, ignoring the parameter name; asking a name
     * again with an incompatible distribution is an error.
     */
    boolean sameRange(Distribution other);
}
