package io.paratune.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * The one place the GP sampler's numerics go parallel: it runs a fixed number of tasks, as many as
 * the user's thread setting allows, on the calling thread and the common fork-join pool.
 */
public final class Parallel {
    private Parallel() {}

    /**
     * Runs {@code task(0)} to {@code task(threads - 1)}, the first on this thread and the others on
     * the common fork-join pool, and returns their results in task order. Each task must write only
     * its own share, so that the results do not depend on the scheduling.
     *
     * @param threads at least 1
     */
    public static <T> List<T> run(int threads, IntFunction<T> task) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads=" + threads + " must be >= 1");
        }
        List<CompletableFuture<T>> others = new ArrayList<>();
        for (int t = 1; t < threads; t++) {
            int id = t;
            others.add(CompletableFuture.supplyAsync(() -> task.apply(id)));
        }
        List<T> out = new ArrayList<>();
        out.add(task.apply(0));
        for (CompletableFuture<T> c : others) {
            out.add(c.join());
        }
        return out;
    }
}
