package io.paratune.storage.jdbc;

import io.paratune.Study;
import io.paratune.Trial;
import java.time.Duration;

/**
 * A worker process that starts one trial, suggests its parameters and then hangs, so that a test
 * can kill it in the middle of the trial.
 *
 * <p>Arguments: storage URL, study name, heartbeat interval (ms), grace period (ms).
 */
public final class HangingWorker {
    private HangingWorker() {}

    public static void main(String[] args) throws InterruptedException {
        JdbcStorage storage = JdbcStorage.open(args[0]);
        Study study = Study.builder()
                .name(args[1])
                .storage(storage)
                .heartbeat(Duration.ofMillis(Long.parseLong(args[2])), Duration.ofMillis(Long.parseLong(args[3])))
                .createOrLoad();
        Trial trial = study.ask();
        trial.suggestFloat("x", -10, 10);
        trial.suggestInt("y", 0, 5);
        System.out.println("trial " + trial.number() + " running");
        Thread.sleep(Duration.ofMinutes(10).toMillis());
    }
}
