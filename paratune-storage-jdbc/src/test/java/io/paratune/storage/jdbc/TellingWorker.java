package io.paratune.storage.jdbc;

import io.paratune.Study;
import io.paratune.Trial;
import java.time.Duration;

/**
 * A worker process that tells trials one by one, printing {@code told N} as soon as each tell
 * returns, then hangs, so that a test can kill it and check that every told trial was kept.
 *
 * <p>Arguments: storage URL, study name, trials.
 */
public final class TellingWorker {
    private TellingWorker() {}

    public static void main(String[] args) throws InterruptedException {
        JdbcStorage storage = JdbcStorage.open(args[0]);
        Study study = Study.builder().name(args[1]).storage(storage).createOrLoad();
        for (int i = 0; i < Integer.parseInt(args[2]); i++) {
            Trial trial = study.ask();
            double x = trial.suggestFloat("x", 0, 1);
            study.tell(trial, x);
            System.out.println("told " + trial.number());
            System.out.flush();
        }
        Thread.sleep(Duration.ofMinutes(10).toMillis());
    }
}
