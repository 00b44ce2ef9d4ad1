package io.paratune.storage.jdbc;

import io.paratune.EvaluatedTrial;
import io.paratune.FrozenTrial;
import io.paratune.Study;
import io.paratune.space.FloatDistribution;
import io.paratune.space.IntDistribution;

/**
 * A worker process that adds evaluated trials ({@link Study#addTrial}) without end, printing
 * {@code added N} as soon as each add returns, so that a test can kill it in the middle of one.
 *
 * <p>Arguments: storage URL, study name.
 */
public final class AddingWorker {
    private AddingWorker() {}

    public static void main(String[] args) {
        JdbcStorage storage = JdbcStorage.open(args[0]);
        Study study = Study.builder().name(args[1]).storage(storage).createOrLoad();
        for (int i = 0; ; i++) {
            EvaluatedTrial.Builder trial = EvaluatedTrial.complete(i)
                    .param(FloatDistribution.of("x", 0, 1), (i % 10) / 10.0)
                    .param(IntDistribution.of("n", 0, 9), i % 10)
                    .userAttribute("worker", ProcessHandle.current().pid());
            for (int step = 0; step < 4; step++) {
                trial.intermediateValue(step, i + 4 - step);
            }
            FrozenTrial added = study.addTrial(trial.build());
            System.out.println("added " + added.number());
            System.out.flush();
        }
    }
}
