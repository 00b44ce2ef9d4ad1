package io.paratune.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.TrialState;
import io.paratune.pruner.Pruner;
import io.paratune.storage.Storage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Pruner} meets, checked through the real {@link Study} API on the
 * in-memory storage: decisions depend on the stored state only (a fresh instance, as in another
 * process, decides as the one that saw the history), a decision never waits for other trials, the
 * best trial is never pruned, and (unless {@link #prunesTheWorst()} says otherwise) a trial worse
 * than every other at every step is pruned before its last step. A pruner test extends this
 * class and supplies {@link #newPruner()}.
 */
public abstract class PrunerContract {
    /** Steps each trial reports, 1 to {@value}. */
    protected static final int STEPS = 27;

    /** A new pruner with the settings under test; called once per simulated process. */
    protected abstract Pruner newPruner();

    /** Whether the pruner prunes a trial worse than every other at every step (true by default). */
    protected boolean prunesTheWorst() {
        return true;
    }

    /** Trial {@code n}'s loss at step {@code s}: larger {@code n % 7} is worse at every step. */
    private static double loss(int n, int s) {
        return 0.1 * (n % 7) + 1.0 / s;
    }

    /** Runs {@code trials} trials with curves {@link #loss}, pruned as the study's pruner says. */
    private static void history(Study study, int trials) {
        for (int i = 0; i < trials; i++) {
            Trial t = study.ask();
            int n = t.number();
            double value = 0;
            boolean pruned = false;
            for (int s = 1; s <= STEPS && !pruned; s++) {
                value = loss(n, s);
                t.report(s, value);
                pruned = t.shouldPrune();
            }
            if (pruned) {
                study.tell(t, TrialState.PRUNED);
            } else {
                study.tell(t, value);
            }
        }
    }

    /** The decisions at every step for a probe trial reporting {@code curve}. */
    private static List<Boolean> decisions(Study study, double[] curve) {
        Trial probe = study.ask();
        List<Boolean> out = new ArrayList<>();
        for (int s = 1; s <= curve.length; s++) {
            probe.report(s, curve[s - 1]);
            out.add(probe.shouldPrune());
        }
        study.tell(probe, TrialState.FAIL);
        return out;
    }

    private static double[] curve(double offset) {
        double[] c = new double[STEPS];
        for (int s = 1; s <= STEPS; s++) {
            c[s - 1] = offset + 1.0 / s;
        }
        return c;
    }

    @Test
    public void aFreshInstanceDecidesAsTheOneThatSawTheHistory() {
        Storage seen = Storage.inMemory();
        Storage fresh = Storage.inMemory();
        Study a = Study.builder().name("p").storage(seen).pruner(newPruner()).create();
        Study b = Study.builder().name("p").storage(fresh).pruner(newPruner()).create();
        history(a, 21);
        history(b, 21);
        // another process: a new study object and a new pruner on the same stored history
        Study other =
                Study.builder().name("p").storage(fresh).pruner(newPruner()).load();
        for (double offset : new double[] {0.05, 0.35, 0.75}) {
            // each storage gets the same probe, so the two histories stay alike
            assertThat(decisions(other, curve(offset))).as("offset %s", offset).isEqualTo(decisions(a, curve(offset)));
        }
    }

    @Test
    public void aDecisionNeverWaitsForOtherTrials() {
        Study study = Study.builder().pruner(newPruner()).create();
        history(study, 8);
        List<Trial> silent = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            silent.add(study.ask()); // running, no value reported yet
        }
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> decisions(study, curve(0.9)));
        silent.forEach(t -> study.tell(t, TrialState.FAIL));
    }

    @Test
    public void theBestTrialIsNeverPruned() {
        Study study = Study.builder().pruner(newPruner()).create();
        history(study, 21);
        assertThat(decisions(study, curve(-1.0)))
                .as("a trial better than every other at every step")
                .doesNotContain(true);
    }

    @Test
    public void aTrialWorseThanEveryOtherIsPrunedBeforeItsLastStep() {
        if (!prunesTheWorst()) {
            return;
        }
        Study study = Study.builder().pruner(newPruner()).create();
        history(study, 21);
        assertThat(decisions(study, curve(5.0)))
                .as("a trial worse than every other at every step")
                .contains(true);
    }
}
