package io.paratune.sampler.nsga;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.TrialState;
import io.paratune.internal.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rebuilds the generations of a study from its trials alone, so every worker, and a restarted
 * process, agrees on them without shared memory:
 *
 * <ul>
 *   <li>each trial records its generation in the system attribute {@code "sampler.nsga:generation"} (a trial without
 *       one, made by another sampler or before this one, counts as generation 0);
 *   <li>generation {@code g} is complete once {@code populationSize} of its trials are COMPLETE; the
 *       current generation is the first incomplete one, so FAIL or PRUNED members are replaced by
 *       further members of the same generation, and members told out of order simply count when
 *       they arrive;
 *   <li>the parents of generation {@code g + 1} are the survivors of generation {@code g}'s parents
 *       together with all of its COMPLETE trials, including late ones, so a result that arrives
 *       after its generation was closed is not lost.
 * </ul>
 */
final class Generations {
    static final String ATTR = io.paratune.SystemAttributes.NSGA_GENERATION;

    /** The current generation and its parent population (empty for generation 0). */
    record State(int generation, List<Survival.Ranked> parents) {}

    private Generations() {}

    static int generationOf(FrozenTrial t) {
        Object a = t.systemAttributes().get(ATTR);
        if (a == null) {
            a = t.systemAttributes().get(io.paratune.SystemAttributes.LEGACY_NSGA_GENERATION);
        }
        if (a instanceof Map<?, ?> m && m.get("generation") instanceof Number n) {
            return n.intValue();
        }
        return 0;
    }

    static State state(
            List<FrozenTrial> trials,
            List<Direction> directions,
            int populationSize,
            Survival survival,
            long seed,
            NsgaStudyState cache) {
        TreeMap<Integer, List<Survival.Member>> complete = new TreeMap<>();
        for (FrozenTrial t : trials) {
            if (t.state() == TrialState.COMPLETE && t.valueCount() == directions.size()) {
                complete.computeIfAbsent(generationOf(t), g -> new ArrayList<>())
                        .add(member(t, directions));
            }
        }
        int generation = 0;
        List<Survival.Ranked> parents = List.of();
        synchronized (cache) {
            boolean reuse = true;
            while (complete.getOrDefault(generation, List.of()).size() >= populationSize) {
                long signature = signature(complete.get(generation));
                reuse &= generation < cache.signatures.size() && cache.signatures.get(generation) == signature;
                if (reuse) {
                    parents = cache.survivors.get(generation);
                } else {
                    List<Survival.Member> pool = new ArrayList<>();
                    parents.forEach(r -> pool.add(r.member()));
                    pool.addAll(complete.get(generation));
                    parents = List.copyOf(survival.select(
                            pool, populationSize, Seeds.stream(seed, generation, Seeds.Purpose.NSGA_SURVIVAL)));
                    while (cache.signatures.size() > generation) {
                        cache.signatures.remove(cache.signatures.size() - 1);
                        cache.survivors.remove(cache.survivors.size() - 1);
                    }
                    cache.signatures.add(signature);
                    cache.survivors.add(parents);
                }
                generation++;
            }
        }
        return new State(generation, parents);
    }

    private static long signature(List<Survival.Member> members) {
        long h = members.size();
        for (Survival.Member m : members) {
            long x = Seeds.mix64(m.number());
            x = Seeds.mix64(x ^ java.util.Arrays.hashCode(m.losses()));
            h += Seeds.mix64(x ^ Double.doubleToLongBits(m.violation())); // order-free
        }
        return h;
    }

    static Survival.Member member(FrozenTrial t, List<Direction> directions) {
        double[] losses = t.values();
        for (int i = 0; i < losses.length; i++) {
            losses[i] = directions.get(i).asLoss(losses[i]);
        }
        double violation = 0;
        for (double c : t.constraints()) {
            violation += Math.max(0, c);
        }
        return new Survival.Member(t.number(), losses, violation);
    }
}
