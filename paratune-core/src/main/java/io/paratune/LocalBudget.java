package io.paratune;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link TrialBudget#local}: counts the trials one loop starts, enqueued ones included. */
final class LocalBudget implements TrialBudget {
    private final AtomicInteger left;

    LocalBudget(int trials) {
        if (trials < 0) {
            throw new IllegalArgumentException("trials=" + trials + " must be 0 (no limit) or more");
        }
        this.left = new AtomicInteger(trials == 0 ? Integer.MAX_VALUE : trials);
    }

    @Override
    public Optional<Trial> start(Study study, List<String> devices) {
        if (left.getAndUpdate(n -> n > 0 ? n - 1 : 0) <= 0) {
            return Optional.empty();
        }
        return Optional.of(study.ask(devices));
    }
}
