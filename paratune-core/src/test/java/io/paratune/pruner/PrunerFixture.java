package io.paratune.pruner;

import io.paratune.Direction;
import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.sampler.RandomSampler;

/** A real in-memory study with a given pruner, and hand-made learning curves to fill it with. */
final class PrunerFixture {
    final Study study;

    PrunerFixture(Pruner pruner, Direction direction) {
        this.study = Study.builder()
                .direction(direction)
                .pruner(pruner)
                .sampler(RandomSampler.seeded(1))
                .create();
    }

    PrunerFixture(Pruner pruner) {
        this(pruner, Direction.MINIMIZE);
    }

    /** A COMPLETE trial that reported {@code curve[step]} at each step, valued by its last point. */
    PrunerFixture complete(double... curve) {
        Trial t = study.ask();
        for (int step = 0; step < curve.length; step++) {
            t.report(step, curve[step]);
        }
        study.tell(t, curve.length == 0 ? 0 : curve[curve.length - 1]);
        return this;
    }

    /** Several COMPLETE trials with the same curve. */
    PrunerFixture completeTimes(int times, double... curve) {
        for (int i = 0; i < times; i++) {
            complete(curve);
        }
        return this;
    }

    /** A RUNNING trial that reported {@code curve[step]} at each step so far. */
    Trial running(double... curve) {
        Trial t = study.ask();
        for (int step = 0; step < curve.length; step++) {
            t.report(step, curve[step]);
        }
        return t;
    }

    /** Whether a fresh trial with this curve so far is pruned; the trial is then ended PRUNED. */
    boolean prunes(double... curve) {
        Trial t = running(curve);
        boolean prune = t.shouldPrune();
        study.tell(t, io.paratune.TrialState.PRUNED);
        return prune;
    }
}
