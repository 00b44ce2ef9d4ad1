package io.paratune.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.FrozenTrial;
import io.paratune.OptimizeOptions;
import io.paratune.SamplerConfigurationException;
import io.paratune.SamplerExhaustedException;
import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.TrialState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GridSamplerTest {

    /** Three members of every parameter of the contract's search space: 729 points. */
    private static final List<Boolean> FLAGS = Arrays.asList(true, false, null);

    private static Map<String, List<?>> smallGrid() {
        Map<String, List<?>> grid = new LinkedHashMap<>();
        grid.put("a", List.of(1, 2, 3, 4, 5));
        grid.put("b", List.of("p", "q", "r", "s"));
        grid.put("c", FLAGS);
        return grid;
    }

    private static double objective(Trial t) {
        int a = t.suggestInt("a", 1, 5);
        String b = t.suggestCategorical("b", List.of("p", "q", "r", "s"));
        Boolean c = t.suggestCategorical("c", FLAGS);
        return a + b.charAt(0) + (c == null ? 0 : c ? 1 : 2);
    }

    private static Set<List<Object>> allPoints() {
        Set<List<Object>> all = new HashSet<>();
        for (int a = 1; a <= 5; a++) {
            for (String b : List.of("p", "q", "r", "s")) {
                for (Boolean c : FLAGS) {
                    all.add(Arrays.asList((long) a, b, c));
                }
            }
        }
        return all;
    }

    private static List<List<Object>> points(List<FrozenTrial> trials) {
        List<List<Object>> out = new ArrayList<>();
        for (FrozenTrial t : trials) {
            out.add(Arrays.asList(t.param("a"), t.param("b"), t.param("c")));
        }
        return out;
    }

    @Test
    void parallelWorkersEvaluateEveryPointExactlyOnceAndStopWhenTheGridIsExhausted() {
        GridSampler sampler = GridSampler.of(smallGrid(), 11);
        Study study = Study.builder().sampler(sampler).create();
        study.optimize(
                GridSamplerTest::objective,
                OptimizeOptions.builder().trials(0).parallelism(4).build());
        assertThat(sampler.size()).isEqualTo(60);
        assertThat(study.trials()).hasSize(60).allMatch(t -> t.state() == TrialState.COMPLETE);
        assertThat(points(study.trials())).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(allPoints());
        assertThatThrownBy(study::ask)
                .isInstanceOf(SamplerExhaustedException.class)
                .hasMessageContaining("exhausted")
                .hasMessageContaining("60 points");
    }

    @Test
    void aTrialBudgetLargerThanTheGridEndsAtTheGridSize() {
        Study study = Study.builder().sampler(GridSampler.of(smallGrid())).create();
        study.optimize(
                GridSamplerTest::objective,
                OptimizeOptions.builder().trials(500).parallelism(4).build());
        assertThat(study.trials()).hasSize(60);
    }

    @Test
    void enqueuedTrialsRunFirstAndUseNoGridPoint() {
        Study study = Study.builder().sampler(GridSampler.of(smallGrid(), 3)).create();
        study.enqueue(Map.of("a", 5, "b", "s"));
        study.optimize(GridSamplerTest::objective, 0);
        assertThat(study.trials()).hasSize(61);
        assertThat(study.trials().get(0).params()).containsEntry("a", 5L).containsEntry("b", "s");
        assertThat(points(study.trials().subList(1, 61))).containsExactlyInAnyOrderElementsOf(allPoints());
    }

    @Test
    void theOrderDependsOnTheSeedButNotOnTheMapOrder() {
        Map<String, List<?>> reversed = new LinkedHashMap<>();
        reversed.put("c", FLAGS);
        reversed.put("b", List.of("p", "q", "r", "s"));
        reversed.put("a", List.of(1, 2, 3, 4, 5));
        Study one = Study.builder().sampler(GridSampler.of(smallGrid(), 8)).create();
        Study two = Study.builder().sampler(GridSampler.of(reversed, 8)).create();
        Study other = Study.builder().sampler(GridSampler.of(smallGrid(), 9)).create();
        for (Study s : List.of(one, two, other)) {
            s.optimize(GridSamplerTest::objective, 0);
        }
        assertThat(points(two.trials())).isEqualTo(points(one.trials()));
        assertThat(points(other.trials())).isNotEqualTo(points(one.trials()));
    }

    @Test
    void aParameterOutsideTheGridFailsNamingTheFix() {
        Study study = Study.builder().sampler(GridSampler.of(smallGrid())).create();
        Trial trial = study.ask();
        assertThatThrownBy(() -> trial.suggestFloat("y", 0, 1))
                .isInstanceOf(SamplerConfigurationException.class)
                .hasMessageContaining("'y'")
                .hasMessageContaining("[a, b, c]")
                .hasMessageContaining("add it to the grid");
    }

    @Test
    void invalidGridsAreRejectedNamingParameterValueAndFix() {
        assertThatThrownBy(() -> GridSampler.of(Map.of())).hasMessageContaining("grid is empty");
        assertThatThrownBy(() -> GridSampler.of(Map.of("a", List.of())))
                .hasMessageContaining("'a'")
                .hasMessageContaining("give at least one value");
        assertThatThrownBy(() -> GridSampler.of(Map.of("a", List.of(1, 2, 1.0))))
                .hasMessageContaining("'a'")
                .hasMessageContaining("1.0")
                .hasMessageContaining("remove the duplicate");
        assertThatThrownBy(() -> GridSampler.of(Map.of("a", List.of(1, List.of(2)))))
                .hasMessageContaining("'a'")
                .hasMessageContaining("[2]")
                .hasMessageContaining("use strings, numbers");
        assertThatThrownBy(() -> GridSampler.of(Map.of("a", List.of(Double.NaN))))
                .hasMessageContaining("'a'")
                .hasMessageContaining("NaN");
        Map<String, List<?>> unnamed = new HashMap<>();
        unnamed.put("", List.of(1));
        assertThatThrownBy(() -> GridSampler.of(unnamed)).hasMessageContaining("name every parameter");
        Map<String, List<?>> huge = new HashMap<>();
        for (int i = 0; i < 64; i++) {
            huge.put("p" + i, List.of(0, 1));
        }
        assertThatThrownBy(() -> GridSampler.of(huge))
                .hasMessageContaining("more than")
                .hasMessageContaining("points");
        assertThat(GridSampler.of(Map.of("a", List.of(1, 2, 3), "b", List.of("x", "y")))
                        .size())
                .isEqualTo(6);
    }

    @Test
    void permutationIsABijectionForEverySize() {
        for (long seed : new long[] {0, 1, -7}) {
            for (int size = 1; size <= 70; size++) {
                GridPermutation p = new GridPermutation(size, seed);
                Set<Long> images = new HashSet<>();
                for (int i = 0; i < size; i++) {
                    long image = p.apply(i);
                    assertThat(image).isBetween(0L, size - 1L);
                    images.add(image);
                }
                assertThat(images).hasSize(size);
            }
        }
    }

    @Test
    void permutationOfAHugeDomainNeedsNoTable() {
        long size = (1L << 62) + 12345;
        GridPermutation p = new GridPermutation(size, 5);
        Set<Long> images = new HashSet<>();
        for (long i = 0; i < 5000; i++) {
            long image = p.apply(i);
            assertThat(image).isBetween(0L, size - 1);
            images.add(image);
        }
        assertThat(images).hasSize(5000);
        assertThat(p.apply(size - 1)).isBetween(0L, size - 1);
    }
}
