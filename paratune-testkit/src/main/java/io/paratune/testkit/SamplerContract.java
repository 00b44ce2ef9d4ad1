package io.paratune.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.FrozenTrial;
import io.paratune.OptimizeOptions;
import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.TrialState;
import io.paratune.sampler.Sampler;
import io.paratune.space.CategoricalDistribution;
import io.paratune.space.Distribution;
import io.paratune.space.FloatDistribution;
import io.paratune.space.IntDistribution;
import io.paratune.space.SearchSpace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Sampler} meets, checked through the real {@link Study} API on the
 * in-memory storage: proposals are members of their distributions, enqueued parameters come
 * first, a seed makes sequential runs reproducible, and pending asks get distinct points. A sampler
 * test extends this class and supplies {@link #newSampler(long)} for {@link #SPACE}.
 */
public abstract class SamplerContract {

    /** One parameter of each kind: float, log float, stepped float, int, log int, categorical. */
    protected static final SearchSpace SPACE = SearchSpace.of(
            FloatDistribution.of("x", -5, 5),
            FloatDistribution.logScale("lr", 1e-5, 1),
            FloatDistribution.stepped("dropout", 0, 0.5, 0.1),
            IntDistribution.of("layers", 1, 8),
            IntDistribution.logScale("units", 16, 1024),
            CategoricalDistribution.of("act", List.of("relu", "tanh", "gelu")));

    /** A sampler seeded with {@code seed} that can propose every parameter of {@link #SPACE}. */
    protected abstract Sampler newSampler(long seed);

    private Study newStudy(long seed) {
        return Study.builder().sampler(newSampler(seed)).create();
    }

    /** A deterministic objective of all parameters of {@link #SPACE}, suggested define-by-run. */
    private static double objective(Trial t) {
        double x = t.suggestFloat("x", -5, 5);
        double lr = t.suggestFloat("lr", 1e-5, 1, true);
        double dropout = t.suggestFloat("dropout", 0, 0.5, 0.1);
        int layers = t.suggestInt("layers", 1, 8);
        int units = t.suggestInt("units", 16, 1024, true);
        String act = t.suggestCategorical("act", List.of("relu", "tanh", "gelu"));
        return x * x + Math.log10(lr) + dropout + layers + units / 1024.0 + act.length();
    }

    private static List<Map<String, Object>> params(List<FrozenTrial> trials) {
        List<Map<String, Object>> out = new ArrayList<>();
        trials.forEach(t -> out.add(t.params()));
        return out;
    }

    @Test
    public void everyProposalIsAMemberOfItsDistribution() {
        Study study = newStudy(1);
        study.optimize(SamplerContract::objective, 40);
        assertThat(study.trials()).hasSize(40).allSatisfy(t -> {
            assertThat(t.state()).isEqualTo(TrialState.COMPLETE);
            assertThat(t.internalParams().keySet()).containsExactlyInAnyOrderElementsOf(SPACE.names());
            t.internalParams().forEach((name, internal) -> {
                Distribution d = SPACE.get(name);
                assertThat(d.contains(internal))
                        .as("%s=%s in %s", name, internal, d)
                        .isTrue();
            });
        });
    }

    @Test
    public void enqueuedParametersAreUsedFirst() {
        Study study = newStudy(2);
        study.optimize(SamplerContract::objective, 3);
        study.enqueue(Map.of("x", 0.5, "act", "gelu", "layers", 8));
        Trial trial = study.ask(SPACE);
        assertThat(trial.params())
                .containsEntry("x", 0.5)
                .containsEntry("act", "gelu")
                .containsEntry("layers", 8L);
        trial.params()
                .forEach((name, value) -> assertThat(
                                SPACE.get(name).contains(SPACE.get(name).toInternal(value)))
                        .isTrue());
        study.tell(trial, 1.0);
        assertThat(study.ask(SPACE).number()).isEqualTo(4);
    }

    @Test
    public void sameSeedGivesTheSameSequence() {
        Study a = newStudy(3);
        Study b = newStudy(3);
        a.optimize(SamplerContract::objective, 20);
        b.optimize(SamplerContract::objective, 20);
        assertThat(params(b.trials())).isEqualTo(params(a.trials()));
    }

    @Test
    public void differentSeedsGiveDifferentSequences() {
        Study a = newStudy(4);
        Study b = newStudy(5);
        a.optimize(SamplerContract::objective, 20);
        b.optimize(SamplerContract::objective, 20);
        assertThat(params(b.trials())).isNotEqualTo(params(a.trials()));
    }

    @Test
    public void pendingAsksGetDistinctPoints() {
        Study study = newStudy(6);
        study.optimize(SamplerContract::objective, 3);
        Set<Map<String, Object>> seen = new HashSet<>();
        for (int i = 0; i < 16; i++) {
            seen.add(study.ask(SPACE).params());
        }
        assertThat(study.trials(TrialState.RUNNING)).hasSize(16);
        assertThat(seen).hasSize(16);
    }

    @Test
    public void parallelWorkersCompleteEveryTrial() {
        Study study = newStudy(7);
        study.optimize(
                SamplerContract::objective,
                OptimizeOptions.builder().trials(40).parallelism(4).build());
        assertThat(study.trials()).hasSize(40).allMatch(t -> t.state() == TrialState.COMPLETE);
        assertThat(new HashSet<>(params(study.trials()))).hasSize(40);
    }

    @Test
    public void failedPrunedAndMaximisedHistoriesDoNotBreakProposals() {
        Study study = Study.builder()
                .direction(io.paratune.Direction.MAXIMIZE)
                .sampler(newSampler(8))
                .create();
        for (int i = 0; i < 24; i++) {
            Trial t = study.ask(SPACE);
            switch (i % 4) {
                case 0 -> study.tell(t, TrialState.FAIL);
                case 1 -> study.tell(t, TrialState.PRUNED);
                default -> study.tell(t, objective(t));
            }
        }
        assertThat(study.trials()).hasSize(24).allSatisfy(t -> {
            assertThat(t.internalParams().keySet()).containsExactlyInAnyOrderElementsOf(SPACE.names());
            t.internalParams()
                    .forEach((name, internal) ->
                            assertThat(SPACE.get(name).contains(internal)).isTrue());
        });
        assertThat(study.trials(TrialState.COMPLETE)).hasSize(12);
    }
}
