package io.paratune.bo;

/**
 * The box of the unit cube an acquisition's candidates are searched in (a trust region, or the whole
 * cube): lower and upper bounds per coordinate, 0 and 1 for categorical coordinates; {@link #CUBE}
 * is the whole cube.
 */
record SearchBox(double[] lower, double[] upper) {
    static final SearchBox CUBE = new SearchBox(null, null);

    static SearchBox of(double[][] region, InputDimension[] dims) {
        if (region == null) {
            return CUBE;
        }
        int d = dims.length;
        if (region.length != 2 || region[0].length != d || region[1].length != d) {
            throw new IllegalArgumentException("a region is two arrays of " + d + " bounds");
        }
        double[] lo = new double[d];
        double[] hi = new double[d];
        for (int j = 0; j < d; j++) {
            boolean free = dims[j].kind() == InputDimension.Kind.CATEGORICAL;
            lo[j] = free ? 0 : Math.max(0, Math.min(1, region[0][j]));
            hi[j] = free ? 1 : Math.max(lo[j], Math.min(1, region[1][j]));
        }
        return new SearchBox(lo, hi);
    }

    /** The unit value {@code u} of coordinate j mapped into the box. */
    double map(int j, double u) {
        return lower == null ? u : lower[j] + u * (upper[j] - lower[j]);
    }

    /** The width of coordinate j. */
    double width(int j) {
        return lower == null ? 1 : upper[j] - lower[j];
    }

    double clamp(int j, double v) {
        return lower == null ? v : Math.max(lower[j], Math.min(upper[j], v));
    }

    double low(int j) {
        return lower == null ? 0 : lower[j];
    }

    double high(int j) {
        return lower == null ? 1 : upper[j];
    }
}
