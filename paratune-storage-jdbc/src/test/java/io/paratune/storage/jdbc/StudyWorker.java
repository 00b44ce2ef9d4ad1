package io.paratune.storage.jdbc;

import io.paratune.OptimizeOptions;
import io.paratune.Study;
import io.paratune.sampler.RandomSampler;

/**
 * A worker process of the multi-process tests: joins (or creates) a study in a shared storage and
 * runs its share of trials with a random sampler and a quick objective.
 *
 * <p>Arguments: storage URL, study name, trials, threads, seed, and optionally the milliseconds
 * each trial takes.
 */
public final class StudyWorker {
    private StudyWorker() {}

    public static void main(String[] args) {
        String url = args[0];
        String name = args[1];
        int trials = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        long seed = Long.parseLong(args[4]);
        long millis = args.length > 5 ? Long.parseLong(args[5]) : 0;
        try (JdbcStorage storage = JdbcStorage.open(url)) {
            Study study = Study.builder()
                    .name(name)
                    .storage(storage)
                    .sampler(RandomSampler.seeded(seed))
                    .createOrLoad();
            study.optimize(
                    trial -> {
                        double x = trial.suggestFloat("x", -10, 10);
                        long y = trial.suggestInt("y", 0, 5);
                        String kind = trial.suggestCategorical("kind", java.util.List.of("a", "b", "c"));
                        trial.report(0, x * x);
                        if (millis > 0) {
                            Thread.sleep(millis); // the trial's work
                        }
                        return x * x + y + kind.length();
                    },
                    OptimizeOptions.builder()
                            .trials(trials)
                            .parallelism(threads)
                            .build());
        }
        System.out.println("worker done");
    }
}
