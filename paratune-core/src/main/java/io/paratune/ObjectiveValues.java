package io.paratune;

import java.util.List;
import java.util.Optional;

/**
 * The one check of a trial's values before it is told COMPLETE, used by {@link Study#tell} and by
 * every runner of trials (threads, the CLI's processes): one finite value per direction. A
 * violation fails the trial with the problem as its message; it never reaches the samplers.
 */
public final class ObjectiveValues {
    private ObjectiveValues() {}

    /**
     * What is wrong with {@code values} for a study with {@code directions}, worded to follow
     * "the objective returned" or "it printed" ("1 value for 2 directions [MINIMIZE, MAXIMIZE]; ...");
     * empty when they are fine.
     */
    public static Optional<String> problem(double[] values, List<Direction> directions) {
        int n = values == null ? 0 : values.length;
        if (n != directions.size()) {
            return Optional.of(n + (n == 1 ? " value" : " values") + " for " + directions.size()
                    + (directions.size() == 1 ? " direction " : " directions ") + directions
                    + "; give one value per direction");
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(values[i])) {
                return Optional.of(values[i] + (n > 1 ? " as value " + i : "") + "; values must be finite numbers");
            }
        }
        return Optional.empty();
    }
}
