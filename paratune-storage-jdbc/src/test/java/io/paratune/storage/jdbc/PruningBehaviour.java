package io.paratune.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.FrozenTrial;
import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.TrialPrunedException;
import io.paratune.TrialState;
import io.paratune.pruner.Pruners;
import io.paratune.sampler.RandomSampler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pruned studies on a SQL storage, run against each dialect: intermediate values are stored with
 * their steps, pruned trials keep their last value, and the records pruners keep on trials are
 * read back by another storage on the same database, as another process would, so decisions
 * continue from the stored state.
 */
abstract class PruningBehaviour {
    private final List<JdbcStorage> opened = new ArrayList<>();

    /** A URL of a new, empty database. */
    protected abstract String newUrl();

    private JdbcStorage open(String url) {
        JdbcStorage s = JdbcStorage.open(url);
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeStorages() {
        opened.forEach(JdbcStorage::close);
    }

    /** Trial n's loss after epoch e: trials with a larger n % 7 end worse; trial 5 diverges at epoch 4. */
    private static double loss(int n, int epoch) {
        if (n == 5 && epoch >= 4) {
            return epoch == 4 ? Double.POSITIVE_INFINITY : Double.NaN;
        }
        return 0.1 * (n % 7) + 1.0 / epoch;
    }

    private static double objective(Trial trial, int epochs) {
        double value = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            value = loss(trial.number(), epoch);
            trial.report(epoch, value);
            if (trial.shouldPrune()) {
                throw new TrialPrunedException();
            }
        }
        return value;
    }

    @Test
    void ashaOnFourWorkersIsStoredAndContinuedByAnotherStorage() {
        String url = newUrl();
        Study first = Study.builder()
                .name("asha")
                .storage(open(url))
                .sampler(RandomSampler.seeded(1))
                .pruner(Pruners.successiveHalving(1, 3, 0, 0))
                .create();
        first.optimize(trial -> objective(trial, 9), 12, 4);

        JdbcStorage other = open(url);
        Study second = Study.builder()
                .name("asha")
                .storage(other)
                .sampler(RandomSampler.seeded(2))
                .pruner(Pruners.successiveHalving(1, 3, 0, 0))
                .load();
        List<FrozenTrial> trials = second.trials();
        assertThat(trials).hasSize(12);
        assertThat(trials).filteredOn(t -> t.state() == TrialState.PRUNED).hasSizeGreaterThan(3);
        for (FrozenTrial t : trials) {
            int last = t.lastStep();
            assertThat(t.intermediateValues().keySet())
                    .as("trial %d", t.number())
                    .hasSize(last);
            assertThat(t.systemAttributes())
                    .as("trial %d reached rung 0 at step 1", t.number())
                    .containsKey("asha:rung_0");
            if (t.state() == TrialState.PRUNED && t.number() != 5) {
                assertThat(t.value()).as("a pruned trial keeps its last value").isEqualTo(loss(t.number(), last));
            }
        }
        FrozenTrial diverged = trials.get(5);
        assertThat(diverged.state()).isEqualTo(TrialState.PRUNED);
        if (diverged.lastStep() >= 4) {
            assertThat(diverged.intermediateValues().get(4)).isEqualTo(Double.POSITIVE_INFINITY);
        }
        // a later trial, in the other storage, meets the rung records the first workers stored
        Trial late = second.ask();
        late.report(1, 0.1 * 6 + 1.0);
        assertThat(late.shouldPrune()).as("worse than the best third at rung 0").isTrue();
        Trial good = second.ask();
        good.report(1, 0.5);
        assertThat(good.shouldPrune()).isFalse();
        assertThat(good.snapshot().systemAttributes()).containsEntry("asha:rung_0", 0.5);
        assertThat(second.tell(good, 0.5).state()).isEqualTo(TrialState.COMPLETE);
        assertThat(second.bestTrial().number() % 7)
                .as("the trials with the lowest curves")
                .isZero();
    }

    @Test
    void hyperbandKeepsEachTrialsRungRecordsInOneBracketAcrossStorages() {
        String url = newUrl();
        Study first = Study.builder()
                .name("hb")
                .storage(open(url))
                .sampler(RandomSampler.seeded(1))
                .pruner(Pruners.hyperband(1, 9, 3))
                .create();
        first.optimize(
                trial -> {
                    trial.suggestFloat("x", 0, 1);
                    return objective(trial, 9);
                },
                12,
                4);
        Study second = Study.builder()
                .name("hb")
                .storage(open(url))
                .sampler(RandomSampler.seeded(2))
                .pruner(Pruners.hyperband(1, 9, 3))
                .load();
        List<FrozenTrial> trials = second.trials();
        assertThat(trials)
                .hasSize(12)
                .allSatisfy(t -> assertThat(t.state()).isIn(TrialState.COMPLETE, TrialState.PRUNED));
        for (FrozenTrial t : trials) {
            // every rung record names one bracket, the same for all records of a trial
            List<String> brackets = t.systemAttributes().keySet().stream()
                    .filter(k -> k.startsWith("hyperband:"))
                    .map(k -> k.substring(0, k.indexOf(":rung_")))
                    .distinct()
                    .toList();
            assertThat(brackets)
                    .as("trial %d: %s", t.number(), t.systemAttributes())
                    .hasSizeLessThanOrEqualTo(1);
        }
        assertThat(trials.get(0).systemAttributes()).isNotEqualTo(Map.of());
    }
}
