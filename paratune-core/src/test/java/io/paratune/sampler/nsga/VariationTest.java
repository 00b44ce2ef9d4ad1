package io.paratune.sampler.nsga;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.space.CategoricalDistribution;
import io.paratune.space.FloatDistribution;
import io.paratune.space.IntDistribution;
import io.paratune.space.SearchSpace;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VariationTest {

    @Test
    void childrenAreMembersOfEveryDistribution() {
        SearchSpace space = SearchSpace.of(
                FloatDistribution.logScale("lr", 1e-5, 1),
                IntDistribution.of("n", 1, 7),
                FloatDistribution.stepped("s", 0, 1, 0.25),
                CategoricalDistribution.of("c", List.of("a", "b", "c")));
        Variation v = new Variation(1, 0.5, 2, 0.5, 2);
        SplittableRandom rng = new SplittableRandom(1);
        Map<String, Double> a = Map.of("lr", 1e-5, "n", 1.0, "s", 0.0, "c", 0.0);
        Map<String, Double> b = Map.of("lr", 1.0, "n", 7.0, "s", 1.0, "c", 2.0);
        java.util.Set<Double> categories = new java.util.HashSet<>();
        for (int i = 0; i < 2000; i++) {
            Map<String, Double> child = v.child(space, a, b, rng);
            space.distributions()
                    .forEach((name, d) ->
                            assertThat(d.contains(child.get(name))).as(name).isTrue());
            categories.add(child.get("c"));
        }
        assertThat(categories).containsExactlyInAnyOrder(0.0, 1.0, 2.0);
    }

    @Test
    void sbxChildrenSpreadAroundTheParentsAndStayInBounds() {
        SplittableRandom rng = new SplittableRandom(2);
        int between = 0;
        for (int i = 0; i < 4000; i++) {
            double c = Variation.sbx(0.3, 0.6, 20, rng);
            assertThat(c).isBetween(0.0, 1.0);
            if (c > 0.25 && c < 0.65) {
                between++;
            }
            assertThat(Variation.polynomialMutation(0.99, 20, rng)).isBetween(0.0, 1.0);
        }
        assertThat(between).as("eta = 20 keeps children near their parents").isGreaterThan(3600);
        assertThat(Variation.sbx(0.4, 0.4, 20, rng)).isEqualTo(0.4);
    }

    @Test
    void withoutCrossoverAndMutationTheChildIsTheFirstParentWithOneParameterChanged() {
        SearchSpace space = SearchSpace.of(FloatDistribution.of("x", 0, 1), IntDistribution.of("n", 1, 7));
        Variation v = new Variation(0, 0.5, 20, 0, 20);
        Map<String, Double> a = Map.of("x", 0.3, "n", 4.0);
        for (int seed = 0; seed < 50; seed++) {
            Map<String, Double> child = v.child(space, a, Map.of("x", 0.9, "n", 7.0), new SplittableRandom(seed));
            assertThat(child).isNotEqualTo(a);
            assertThat(child.get("x").equals(0.3) || child.get("n").equals(4.0)).isTrue();
        }
    }

    @Test
    void childrenOfTheSameParentsNeverCoincideWhenTheSpaceHasAContinuousParameter() {
        // no swap and no mutation: without the rule every child would inherit x and lr unchanged,
        // and children differing from their parents only by a categorical would repeat each other
        SearchSpace space = SearchSpace.of(
                FloatDistribution.of("x", 0, 1),
                FloatDistribution.logScale("lr", 1e-5, 1),
                CategoricalDistribution.of("c", List.of("a", "b")));
        Variation v = new Variation(1, 0, 20, 0, 20);
        Map<String, Double> a = Map.of("x", 0.3, "lr", 1e-3, "c", 0.0);
        Map<String, Double> b = Map.of("x", 0.3, "lr", 1e-3, "c", 1.0);
        java.util.Set<Map<String, Double>> children = new java.util.HashSet<>();
        for (int seed = 0; seed < 500; seed++) {
            children.add(v.child(space, a, b, new SplittableRandom(seed)));
        }
        assertThat(children).hasSize(500);
    }
}
