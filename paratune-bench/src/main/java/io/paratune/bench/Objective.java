package io.paratune.bench;

import java.util.Arrays;

/**
 * A single-objective benchmark function on a box (minimised): the shared protocol's {@link
 * BenchFunction}s and the large protocol's {@link ScalableFunction}s, named by the ids that {@code
 * --function} takes.
 */
interface Objective {

    /** The id, as in {@code branin2} or {@code ackley20}. */
    String id();

    int dimension();

    double lower(int i);

    double upper(int i);

    /** The global minimum. */
    double fStar();

    /** The value at {@code x} (length {@link #dimension()}). */
    double apply(double[] x);

    /**
     * The function of that id: one of {@link BenchFunction}, else a {@link ScalableFunction} such as
     * {@code rastrigin50}.
     *
     * @throws UsageException naming the id and the ids known
     */
    static Objective byId(String id) {
        for (BenchFunction f : BenchFunction.values()) {
            if (f.id().equals(id)) {
                return f;
            }
        }
        return ScalableFunction.parse(id)
                .orElseThrow(() -> new UsageException("--function " + id
                        + " is not known; use one of "
                        + Arrays.stream(BenchFunction.values())
                                .map(BenchFunction::id)
                                .toList() + " or " + ScalableFunction.Family.ids()
                        + " followed by a dimension (as ackley20, rastrigin50)"));
    }
}
