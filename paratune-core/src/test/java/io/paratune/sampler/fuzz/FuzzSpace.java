package io.paratune.sampler.fuzz;

import io.paratune.EvaluatedTrial;
import io.paratune.Trial;
import io.paratune.space.CategoricalDistribution;
import io.paratune.space.Distribution;
import io.paratune.space.FloatDistribution;
import io.paratune.space.IntDistribution;
import io.paratune.space.SearchSpace;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A random define-by-run search space of the kinds real studies have: floats with and without log
 * or logit scale and step (single values, ranges a few ulps wide, ranges near the largest double), integers
 * of width 0 to 3, huge ranges (up to {@code [-2^53, 2^53]}), log and step, categoricals of 1 to 50
 * choices of mixed types (strings, integers, doubles, booleans, null), and conditional parameters:
 * a categorical "branch" whose choice decides which further parameters the trial suggests. A name
 * may come back in two branches with different ranges (a dynamic space), except for the grid
 * sampler, whose grid needs one list of values per name.
 */
final class FuzzSpace {
    static final String BRANCH = "branch";

    private final List<Distribution> top;
    private final CategoricalDistribution branch;
    private final Map<String, List<Distribution>> branches;

    private FuzzSpace(
            List<Distribution> top, CategoricalDistribution branch, Map<String, List<Distribution>> branches) {
        this.top = List.copyOf(top);
        this.branch = branch;
        this.branches = branches;
    }

    /**
     * @param uniqueNames whether every name has one distribution (for the grid sampler)
     * @param maxTop the most unconditional parameters
     */
    static FuzzSpace random(SplittableRandom rnd, boolean uniqueNames, int maxTop) {
        List<Distribution> top = new ArrayList<>();
        int n = 1 + rnd.nextInt(maxTop);
        for (int i = 0; i < n; i++) {
            top.add(distribution(rnd, "p" + i));
        }
        if (rnd.nextInt(10) < 4) {
            int k = 2 + rnd.nextInt(2);
            List<String> choices = new ArrayList<>();
            Map<String, List<Distribution>> branches = new LinkedHashMap<>();
            for (int b = 0; b < k; b++) {
                String choice = "b" + b;
                choices.add(choice);
                List<Distribution> params = new ArrayList<>();
                int m = rnd.nextInt(4);
                for (int j = 0; j < m; j++) {
                    // shared names across branches: the same parameter with another range per branch
                    String name = !uniqueNames && rnd.nextBoolean() ? "q" + j : "q" + b + "_" + j;
                    params.add(distribution(rnd, name));
                }
                branches.put(choice, params);
            }
            return new FuzzSpace(top, CategoricalDistribution.of(BRANCH, choices), branches);
        }
        return new FuzzSpace(top, null, Map.of());
    }

    /** Suggests the parameters of one trial, define-by-run: the unconditional ones, then a branch. */
    Map<String, Object> suggest(Trial trial) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Distribution d : top) {
            out.put(d.name(), trial.suggest(d));
        }
        if (branch != null) {
            Object choice = trial.suggest(branch);
            out.put(BRANCH, choice);
            for (Distribution d : branches.get((String) choice)) {
                out.put(d.name(), trial.suggest(d));
            }
        }
        return out;
    }

    /** A random point of the space as a trial would suggest it (a branch and its parameters), onto {@code trial}. */
    EvaluatedTrial.Builder randomParams(EvaluatedTrial.Builder trial, SplittableRandom rnd) {
        for (Distribution d : top) {
            trial.param(d, d.toExternal(d.fromUnit(rnd.nextDouble())));
        }
        if (branch != null) {
            Object choice = branch.toExternal(branch.fromUnit(rnd.nextDouble()));
            trial.param(branch, choice);
            for (Distribution d : branches.get((String) choice)) {
                trial.param(d, d.toExternal(d.fromUnit(rnd.nextDouble())));
            }
        }
        return trial;
    }

    /** The unconditional parameters. */
    SearchSpace topSpace() {
        return SearchSpace.of(top);
    }

    /** The names whose range never changes: the unconditional parameters and the branch. */
    Set<String> fixedNames() {
        Set<String> out = new LinkedHashSet<>();
        top.forEach(d -> out.add(d.name()));
        if (branch != null) {
            out.add(BRANCH);
        }
        return out;
    }

    boolean hasBranches() {
        return branch != null;
    }

    /** Every distribution, the branch included (one per name when built with unique names). */
    List<Distribution> all() {
        List<Distribution> out = new ArrayList<>(top);
        if (branch != null) {
            out.add(branch);
            branches.values().forEach(out::addAll);
        }
        return out;
    }

    /**
     * A random member of some unconditional parameters and the branch, as external values (the
     * parameters whose names have one range, so that an enqueued value fits whatever branch runs).
     */
    Map<String, Object> randomPoint(SplittableRandom rnd) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Distribution> fixed = new ArrayList<>(top);
        if (branch != null) {
            fixed.add(branch);
        }
        for (Distribution d : fixed) {
            if (rnd.nextInt(4) > 0) {
                out.put(d.name(), d.toExternal(d.fromUnit(rnd.nextDouble())));
            }
        }
        return out;
    }

    /** For each distribution, 1 to 4 distinct members (external values): a grid over the space. */
    Map<String, List<Object>> grid(SplittableRandom rnd) {
        Map<String, List<Object>> out = new LinkedHashMap<>();
        for (Distribution d : all()) {
            Set<Double> internal = new LinkedHashSet<>();
            int want = d == branch ? branches.size() : 1 + rnd.nextInt(4);
            for (int tries = 0; tries < 20 && internal.size() < want; tries++) {
                internal.add(d.fromUnit(d == branch ? (internal.size() + 0.5) / want : rnd.nextDouble()));
            }
            List<Object> values = new ArrayList<>();
            internal.forEach(v -> values.add(d.toExternal(v)));
            out.put(d.name(), values);
        }
        return out;
    }

    /**
     * Whether the unconditional parameters include a continuous float with room for many distinct
     * values (at least 2^40 doubles), where samplers that promise diversity must give pending asks
     * distinct points.
     */
    boolean roomy() {
        for (Distribution d : top) {
            if (d instanceof FloatDistribution f && f.step().isEmpty() && f.low() < f.high()) {
                double ulp = Math.ulp(Math.max(Math.abs(f.low()), Math.abs(f.high())));
                if (f.high() / 2 - f.low() / 2 >= 0x1p39 * ulp) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "FuzzSpace[top=" + top + (branch == null ? "" : ", branches=" + branches) + "]";
    }

    // ---- distributions ----

    static Distribution distribution(SplittableRandom rnd, String name) {
        return switch (rnd.nextInt(9)) {
            case 0 -> continuousFloat(rnd, name);
            case 1 -> logFloat(rnd, name);
            case 2 -> steppedFloat(rnd, name);
            case 3 -> smallInt(rnd, name);
            case 4 -> hugeInt(rnd, name);
            case 5 -> IntDistribution.logScale(name, 1 + rnd.nextInt(100), 100 + (long) Math.pow(10, rnd.nextInt(10)));
            case 6 -> steppedInt(rnd, name);
            default -> categorical(rnd, name);
        };
    }

    private static double pow10(SplittableRandom rnd, int lo, int hi) {
        return Math.pow(10, rnd.nextInt(lo, hi + 1));
    }

    static FloatDistribution continuousFloat(SplittableRandom rnd, String name) {
        switch (rnd.nextInt(8)) {
            case 0: {
                double v = rnd.nextBoolean() ? 0 : pow10(rnd, -8, 8) * (rnd.nextBoolean() ? 1 : -1);
                return FloatDistribution.of(name, v, v);
            }
            case 1: {
                // a few ulps wide
                double low = rnd.nextBoolean() ? 1.0 : pow10(rnd, -300, 300);
                double high = low;
                for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                    high = Math.nextUp(high);
                }
                return FloatDistribution.of(name, low, high);
            }
            case 2:
                return FloatDistribution.of(name, -Double.MAX_VALUE / 2, Double.MAX_VALUE / 2);
            case 3:
                return FloatDistribution.of(name, -1e300, rnd.nextBoolean() ? 1e300 : -1e299);
            default: {
                double low = rnd.nextInt(3) == 0 ? 0 : pow10(rnd, -8, 8) * (rnd.nextBoolean() ? 1 : -1);
                return FloatDistribution.of(name, low, low + pow10(rnd, -6, 12));
            }
        }
    }

    static FloatDistribution logFloat(SplittableRandom rnd, String name) {
        if (rnd.nextInt(3) == 0) {
            return logitFloat(rnd, name);
        }
        double low = pow10(rnd, -300, 10);
        if (rnd.nextInt(10) == 0) {
            return FloatDistribution.logScale(name, low, low);
        }
        double high = rnd.nextInt(8) == 0 ? Math.nextUp(low) : Math.min(1e300, low * pow10(rnd, 1, 40));
        return FloatDistribution.logScale(name, low, high);
    }

    /** Fractions on the logit scale: typical ones, ends a few ulps from 0 or 1, a few ulps wide. */
    static FloatDistribution logitFloat(SplittableRandom rnd, String name) {
        double low = switch (rnd.nextInt(4)) {
            case 0 -> pow10(rnd, -300, -1);
            case 1 -> 0.01;
            case 2 -> 0.5;
            default -> Double.MIN_VALUE;
        };
        double high = switch (rnd.nextInt(5)) {
            case 0 -> low;
            case 1 -> Math.nextUp(low);
            case 2 -> Math.nextDown(1.0);
            case 3 -> 1 - pow10(rnd, -15, -1);
            default -> 0.99;
        };
        return FloatDistribution.logitScale(name, low, Math.max(low, high));
    }

    static FloatDistribution steppedFloat(SplittableRandom rnd, String name) {
        BigDecimal step = BigDecimal.valueOf(new int[] {1, 2, 5, 25}[rnd.nextInt(4)])
                .multiply(BigDecimal.TEN.pow(rnd.nextInt(-6, 7), java.math.MathContext.DECIMAL64));
        long intervals = rnd.nextInt(5) == 0 ? rnd.nextInt(4) : rnd.nextLong(1, 100_000);
        BigDecimal low = step.multiply(BigDecimal.valueOf(rnd.nextLong(-1000, 1000)));
        BigDecimal high = low.add(step.multiply(BigDecimal.valueOf(intervals)));
        return FloatDistribution.stepped(name, low.doubleValue(), high.doubleValue(), step.doubleValue());
    }

    static IntDistribution smallInt(SplittableRandom rnd, String name) {
        long low = rnd.nextInt(4) == 0 ? 0 : rnd.nextLong(-10, 100);
        int width = rnd.nextInt(4);
        if (width > 0 && rnd.nextInt(3) == 0) {
            // a step of the width itself: the two ends only
            return IntDistribution.stepped(name, low, low + width, width);
        }
        return IntDistribution.of(name, low, low + width);
    }

    static IntDistribution hugeInt(SplittableRandom rnd, String name) {
        long max = Integer.MAX_VALUE;
        return switch (rnd.nextInt(5)) {
            case 0 -> IntDistribution.of(name, -max, max);
            case 1 -> IntDistribution.stepped(name, -max, max, 2);
            case 2 -> IntDistribution.logScale(name, 1, max);
            case 3 -> IntDistribution.of(name, -(1L << 53), 1L << 53);
            default -> IntDistribution.logScale(name, 1, 1L << 53);
        };
    }

    static IntDistribution steppedInt(SplittableRandom rnd, String name) {
        long step = 1 + rnd.nextInt(1000);
        long low = rnd.nextLong(-1_000_000, 1_000_000);
        return IntDistribution.stepped(name, low, low + step * rnd.nextLong(0, 1000), step);
    }

    /** 1 to 50 distinct choices: strings, integers (int or long), doubles, booleans and null. */
    static CategoricalDistribution categorical(SplittableRandom rnd, String name) {
        int n = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(50) : 1 + rnd.nextInt(5);
        List<Object> choices = new ArrayList<>();
        boolean[] usedBoolean = new boolean[2];
        boolean usedNull = false;
        for (int i = 0; i < n; i++) {
            switch (rnd.nextInt(6)) {
                case 0 -> choices.add(rnd.nextBoolean() ? (Object) (i * 10 + 1) : (Object) (long) (i * 10 + 1));
                case 1 -> choices.add(i * 10 + 0.5);
                case 2 -> {
                    int b = rnd.nextInt(2);
                    if (!usedBoolean[b]) {
                        usedBoolean[b] = true;
                        choices.add(b == 1);
                    }
                }
                case 3 -> {
                    if (!usedNull) {
                        usedNull = true;
                        choices.add(null);
                    }
                }
                default -> choices.add(i % 7 == 0 ? "" + i + " é" : "c" + i);
            }
        }
        if (choices.isEmpty()) {
            choices.add("only");
        }
        return CategoricalDistribution.of(name, choices);
    }
}
