package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.FrozenTrial;
import io.paratune.Study;
import io.paratune.TrialState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study whose re-runs an earlier version enqueued with an {@code _paratune_attempt} parameter
 * (the committed database {@code legacy/legacy-retries.db}, see its README) resumes with today's
 * re-runs ({@link Study#enqueueRetry}): its waiting re-runs run first with their attempt numbers,
 * the budget is kept, and a re-run's retries count on from its old attempt.
 */
class LegacyRetriesIT {
    @TempDir
    Path dir;

    @Test
    void waitingRerunsOfAnOldDatabaseRunFirstAndKeepTheBudget() throws Exception {
        copyFixture();
        Cli.Result run = Cli.run(dir, "run", "study.yaml", "--join");
        assertThat(run.code()).as(run.err()).isZero();

        String url = "sqlite:" + dir.resolve("legacy-retries.db");
        Budgets.Counts counts = Budgets.assertKept(url, "legacy-retries", 4);
        List<FrozenTrial> trials = Budgets.trials(url, "legacy-retries");
        assertThat(counts.state(TrialState.COMPLETE)).as("%s", trials).isEqualTo(4);
        // the three old re-runs ran before the one new trial that was left of the budget
        for (int number = 5; number <= 7; number++) {
            FrozenTrial rerun = trials.get(number);
            assertThat(rerun.state()).as("%s", rerun).isEqualTo(TrialState.COMPLETE);
            assertThat(rerun.params())
                    .as("the hidden attempt is no parameter: %s", rerun)
                    .containsOnlyKeys("x");
        }
        assertThat(trials.get(5).userAttributes()).containsEntry("attempt", 2);
        assertThat(trials.get(6).userAttributes()).containsEntry("attempt", 2);
        assertThat(trials.get(7).userAttributes()).doesNotContainKey("attempt");
        FrozenTrial fresh = trials.get(8);
        assertThat(fresh.systemAttributes()).containsEntry(BudgetStorage.NEW_TRIAL, true);
        assertThat(trials).hasSize(9);
    }

    @Test
    void aRerunAtItsLastOldAttemptIsNotRetriedAgainAndOneAtItsFirstIs() throws Exception {
        copyFixture();
        // every attempt from now on fails: retries: 1 allows one retry per chain
        for (int x : new int[] {694, 942, 415}) {
            Files.writeString(dir.resolve("fail-" + x), "");
        }
        // and the failures do not stop the run as a broken command
        Files.writeString(
                dir.resolve("study.yaml"), Files.readString(dir.resolve("study.yaml")) + "max_initial_failures: 0\n");
        Cli.Result run = Cli.run(dir, "run", "study.yaml", "--join");
        assertThat(run.err()).doesNotContain("Exception");

        List<FrozenTrial> trials = Budgets.trials("sqlite:" + dir.resolve("legacy-retries.db"), "legacy-retries");
        // 694 and 942 were at attempt 2 of 2: their re-runs (5, 6) fail for good
        for (int number : new int[] {5, 6}) {
            FrozenTrial t = trials.get(number);
            assertThat(t.state()).isEqualTo(TrialState.FAIL);
            assertThat(t.failureMessage()).as("%s", t).doesNotContain("retry");
            assertThat(trials)
                    .as("nothing re-runs trial %d: %s", number, trials)
                    .noneMatch(r -> Study.retryOf(r).orElse(-1) == number);
        }
        // 415 was at attempt 1: its re-run (7) fails and gets its one retry, linked to it
        FrozenTrial retry = trials.stream()
                .filter(r -> Study.retryOf(r).orElse(-1) == 7)
                .findFirst()
                .orElseThrow();
        assertThat(retry.params()).isEqualTo(trials.get(7).params());
        assertThat(Study.retryCount(retry)).isEqualTo(1);
        assertThat(retry.userAttributes()).containsEntry("attempt", 2);
        assertThat(retry.state()).isEqualTo(TrialState.FAIL);
        assertThat(trials)
                .as("no trial is left WAITING or RUNNING: %s", trials)
                .allMatch(t -> t.state().isFinished());
    }

    private void copyFixture() throws IOException {
        for (String name : List.of("legacy-retries.db", "objective.sh", "study.yaml")) {
            try (InputStream in = LegacyRetriesIT.class.getResourceAsStream("/legacy/" + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        Files.setPosixFilePermissions(dir.resolve("objective.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        // the first attempts of 694 and 942 happened: their marks were left
        Files.createDirectories(dir.resolve("marks"));
        Files.writeString(dir.resolve("marks/694"), "");
        Files.writeString(dir.resolve("marks/942"), "");
    }
}
