package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.TrialBudget;
import io.paratune.sampler.RandomSampler;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CappedBudgetTest {

    @Test
    void startsExactlyTheCapWhenManyThreadsStartAtOnce() throws Exception {
        Study study = Study.builder().sampler(RandomSampler.seeded(1)).create();
        TrialBudget capped = CappedBudget.of(TrialBudget.local(0), 5);
        ConcurrentLinkedQueue<Trial> started = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        for (int i = 0; i < 64; i++) {
            pool.submit(() -> {
                go.await();
                capped.start(study, List.of()).ifPresent(started::add);
                return null;
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(started).hasSize(5);
        assertThat(study.trials()).hasSize(5);
        assertThat(capped.awaitMore(null)).as("a spent cap ends the worker").isFalse();
    }

    @Test
    void aStartTheInnerBudgetRefusesDoesNotUseAPlace() {
        Study study = Study.builder().sampler(RandomSampler.seeded(1)).create();
        TrialBudget twoInAll = TrialBudget.local(2);
        TrialBudget capped = CappedBudget.of(twoInAll, 3);
        assertThat(capped.start(study, List.of())).isPresent();
        assertThat(capped.start(study, List.of())).isPresent();
        assertThat(capped.start(study, List.of())).isEqualTo(Optional.empty());
        assertThat(CappedBudget.of(twoInAll, 0)).as("0: no cap").isSameAs(twoInAll);
    }
}
