package io.paratune.sampler.nsga;

import io.paratune.space.CategoricalDistribution;
import io.paratune.space.Distribution;
import io.paratune.space.FloatDistribution;
import io.paratune.space.SearchSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Makes one child from two parents: simulated binary crossover (SBX) and polynomial mutation for
 * numeric parameters in the unit space of {@link Distribution#toUnit} (so log-scaled parameters
 * vary in log space and int or stepped ones snap back to their grid), uniform crossover and random
 * reset for categorical ones; a child equal to a parent gets one parameter changed at random, so that
 * no evaluation is spent on a copy. Both operators are the bounded forms of Deb and Agrawal (1995) and
 * Deb and Goyal (1996), as in Deb's NSGA-II code. Pure: no storage, randomness passed in.
 */
final class Variation {
    private final double crossoverProbability;
    private final double swappingProbability;
    private final double crossoverEta;
    private final double mutationProbability; // NaN: 1 / number of parameters
    private final double mutationEta;

    Variation(
            double crossoverProbability,
            double swappingProbability,
            double crossoverEta,
            double mutationProbability,
            double mutationEta) {
        this.crossoverProbability = crossoverProbability;
        this.swappingProbability = swappingProbability;
        this.crossoverEta = crossoverEta;
        this.mutationProbability = mutationProbability;
        this.mutationEta = mutationEta;
    }

    /**
     * A child of {@code a} and {@code b} (internal values of every parameter of {@code space}).
     *
     * @return parameter name to internal value, each a member of its distribution
     */
    Map<String, Double> child(SearchSpace space, Map<String, Double> a, Map<String, Double> b, SplittableRandom rng) {
        boolean crossover = rng.nextDouble() < crossoverProbability;
        double mutation = Double.isNaN(mutationProbability) ? 1.0 / Math.max(1, space.size()) : mutationProbability;
        Map<String, Double> out = new LinkedHashMap<>();
        List<String> continuous = new ArrayList<>();
        boolean perturbed = false;
        for (Map.Entry<String, Distribution> e : space.distributions().entrySet()) {
            String name = e.getKey();
            Distribution d = e.getValue();
            double value;
            if (d instanceof CategoricalDistribution c) {
                value = crossover && rng.nextBoolean() ? b.get(name) : a.get(name);
                if (rng.nextDouble() < mutation) {
                    value = rng.nextInt(c.choices().size());
                }
            } else {
                double ua = d.toUnit(a.get(name));
                double ub = d.toUnit(b.get(name));
                double u = ua;
                if (crossover && rng.nextDouble() < swappingProbability) {
                    u = sbx(ua, ub, crossoverEta, rng);
                }
                if (rng.nextDouble() < mutation) {
                    u = polynomialMutation(u, mutationEta, rng);
                }
                value = d.fromUnit(u);
                if (isContinuous(d)) {
                    continuous.add(name);
                    perturbed |= Math.abs(u - ua) > 1e-12 && Math.abs(u - ub) > 1e-12;
                }
            }
            out.put(name, value);
        }
        if (!perturbed && !continuous.isEmpty()) {
            // every continuous value inherited unchanged: two children of the same parents, proposed
            // at once by parallel workers, could then coincide; a mutated continuous value cannot
            String name = continuous.get(rng.nextInt(continuous.size()));
            Distribution d = space.get(name);
            out.put(name, d.fromUnit(polynomialMutation(d.toUnit(out.get(name)), mutationEta, rng)));
        }
        List<String> names = new ArrayList<>(space.names());
        for (int attempt = 0;
                attempt < 8 && !names.isEmpty() && (sameOn(out, a, names) || sameOn(out, b, names));
                attempt++) {
            // a copy of a parent would waste an evaluation: change one parameter at random
            String name = names.get(rng.nextInt(names.size()));
            Distribution d = space.get(name);
            double u = polynomialMutation(d.toUnit(out.get(name)), mutationEta, rng);
            double changed = d.fromUnit(u);
            out.put(name, changed == out.get(name) ? d.fromUnit(rng.nextDouble()) : changed);
        }
        return out;
    }

    private static boolean isContinuous(Distribution d) {
        return d instanceof FloatDistribution f && f.step().isEmpty();
    }

    private static boolean sameOn(Map<String, Double> x, Map<String, Double> y, List<String> names) {
        for (String name : names) {
            if (!x.get(name).equals(y.get(name))) {
                return false;
            }
        }
        return true;
    }

    /** One of the two SBX children of {@code x1} and {@code x2} in [0, 1], chosen at random. */
    static double sbx(double x1, double x2, double eta, SplittableRandom rng) {
        if (Math.abs(x1 - x2) < 1e-14) {
            return x1;
        }
        double y1 = Math.min(x1, x2);
        double y2 = Math.max(x1, x2);
        double r = rng.nextDouble();
        double spread = y2 - y1;
        double betaLow = 1 + 2 * y1 / spread;
        double c1 = 0.5 * (y1 + y2 - spreadFactor(betaLow, eta, r) * spread);
        double betaHigh = 1 + 2 * (1 - y2) / spread;
        double c2 = 0.5 * (y1 + y2 + spreadFactor(betaHigh, eta, r) * spread);
        double c = rng.nextBoolean() ? c1 : c2;
        return Math.min(1, Math.max(0, c));
    }

    private static double spreadFactor(double beta, double eta, double r) {
        double alpha = 2 - Math.pow(beta, -(eta + 1));
        return r <= 1 / alpha ? Math.pow(r * alpha, 1 / (eta + 1)) : Math.pow(1 / (2 - r * alpha), 1 / (eta + 1));
    }

    /** Bounded polynomial mutation of {@code x} in [0, 1]. */
    static double polynomialMutation(double x, double eta, SplittableRandom rng) {
        double r = rng.nextDouble();
        double power = 1 / (eta + 1);
        double delta;
        if (r < 0.5) {
            double xy = 1 - x;
            double val = 2 * r + (1 - 2 * r) * Math.pow(xy, eta + 1);
            delta = Math.pow(val, power) - 1;
        } else {
            double xy = x;
            double val = 2 * (1 - r) + 2 * (r - 0.5) * Math.pow(xy, eta + 1);
            delta = 1 - Math.pow(val, power);
        }
        return Math.min(1, Math.max(0, x + delta));
    }
}
