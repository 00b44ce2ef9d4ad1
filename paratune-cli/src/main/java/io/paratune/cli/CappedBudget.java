package io.paratune.cli;

import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.TrialBudget;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A budget that lets one process start at most a number of trials (new ones and re-runs), inside
 * another budget (the study's shared one): a worker's {@code --trials}. Exact with parallel
 * workers: each start reserves its place first.
 */
final class CappedBudget implements TrialBudget {
    private final TrialBudget inner;
    private final int cap;
    private final AtomicInteger reserved = new AtomicInteger();

    private CappedBudget(TrialBudget inner, int cap) {
        this.inner = inner;
        this.cap = cap;
    }

    /** {@code inner} capped at {@code cap} trials; {@code inner} itself when {@code cap} is 0. */
    static TrialBudget of(TrialBudget inner, int cap) {
        if (cap < 0) {
            throw new IllegalArgumentException("cap=" + cap + " is negative; give 0 for no cap");
        }
        return cap == 0 ? inner : new CappedBudget(inner, cap);
    }

    @Override
    public Optional<Trial> start(Study study, List<String> devices) {
        if (reserved.incrementAndGet() > cap) {
            reserved.decrementAndGet();
            return Optional.empty();
        }
        Optional<Trial> trial = Optional.empty();
        try {
            trial = inner.start(study, devices);
            return trial;
        } finally {
            if (trial.isEmpty()) {
                reserved.decrementAndGet();
            }
        }
    }

    @Override
    public boolean awaitMore(Loop loop) throws InterruptedException {
        return reserved.get() < cap && inner.awaitMore(loop);
    }
}
