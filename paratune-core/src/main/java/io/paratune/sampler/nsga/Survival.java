package io.paratune.sampler.nsga;

import io.paratune.moo.Pareto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Environmental selection: keeps the best {@code size} members of a pool by constrained
 * non-dominated rank (Deb's rules: feasible before infeasible, smaller violation first), breaking the
 * last front by crowding distance (NSGA-II) or by reference-point niching (NSGA-III). Pure.
 */
final class Survival {

    /** One candidate: a trial number, its loss vector (minimised) and its total constraint violation. */
    record Member(int number, double[] losses, double violation) {}

    /** A survivor with its rank and its crowding distance (0 under NSGA-III) for tournaments. */
    record Ranked(Member member, int rank, double crowding) {}

    private final List<double[]> referencePoints; // null: NSGA-II crowding

    Survival(List<double[]> referencePoints) {
        this.referencePoints = referencePoints;
    }

    /**
     * The survivors, at most {@code size} of them; ties broken by trial number, or by {@code rng}
     * in NSGA-III niching.
     */
    List<Ranked> select(List<Member> pool, int size, SplittableRandom rng) {
        List<Member> sorted = new ArrayList<>(pool);
        sorted.sort(Comparator.comparingInt(Member::number));
        List<double[]> losses = sorted.stream().map(Member::losses).toList();
        double[] violations = sorted.stream().mapToDouble(Member::violation).toArray();
        List<int[]> fronts = Pareto.fronts(Pareto.ranks(losses, violations));
        List<Ranked> out = new ArrayList<>();
        List<Member> kept = new ArrayList<>();
        for (int r = 0; r < fronts.size() && out.size() < size; r++) {
            List<Member> front = new ArrayList<>();
            for (int i : fronts.get(r)) {
                front.add(sorted.get(i));
            }
            double[] crowding =
                    Pareto.crowdingDistance(front.stream().map(Member::losses).toList());
            if (out.size() + front.size() <= size) {
                for (int i = 0; i < front.size(); i++) {
                    out.add(new Ranked(front.get(i), r, referencePoints == null ? crowding[i] : 0));
                    kept.add(front.get(i));
                }
                continue;
            }
            int room = size - out.size();
            List<Integer> chosen = referencePoints == null || front.get(0).losses().length < 2
                    ? byCrowding(crowding, room)
                    : Niching.choose(referencePoints, kept, front, room, rng);
            for (int i : chosen) {
                out.add(new Ranked(front.get(i), r, referencePoints == null ? crowding[i] : 0));
            }
        }
        return out;
    }

    /** The {@code room} least crowded indices (largest distance; lower index first among ties). */
    private static List<Integer> byCrowding(double[] crowding, int room) {
        Integer[] order = new Integer[crowding.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(crowding[y], crowding[x]));
        return Arrays.asList(order).subList(0, room);
    }
}
