package io.paratune.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.TrialState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link JdbcStorage#createTrialWithin} on each dialect: storages opened separately (as processes
 * would) racing for the last places of a budget create exactly as many marked trials as it allows,
 * whatever else the study holds.
 */
abstract class QuotaBehaviour {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private final List<JdbcStorage> opened = new ArrayList<>();

    protected abstract String newUrl();

    private JdbcStorage open(String url) {
        JdbcStorage s = JdbcStorage.open(url);
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeStorages() {
        opened.forEach(JdbcStorage::close);
    }

    @Test
    void racingCreatorsNeverExceedTheLimitAndUnmarkedTrialsDoNotCount() throws Exception {
        String url = newUrl();
        List<JdbcStorage> storages = List.of(open(url), open(url), open(url));
        long study = storages.get(0)
                .createStudy("quota", List.of(Direction.MINIMIZE), NOW)
                .id();
        // trials without the mark (re-runs, enqueued ones) take no place
        storages.get(0).createTrial(study, TrialState.WAITING, Map.of("fixed_params", Map.of("x", 1)), NOW);
        storages.get(0).createTrial(study, TrialState.RUNNING, Map.of(), NOW);
        AtomicInteger created = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        JdbcBehaviour.runConcurrently(6, i -> {
            for (int k = 0; k < 10; k++) {
                if (storages.get(i % 3)
                        .createTrialWithin(study, Map.of("fixed_params", Map.of("k", k)), "budget", 25, NOW)
                        .isPresent()) {
                    created.incrementAndGet();
                } else {
                    refused.incrementAndGet();
                }
            }
            return null;
        });
        assertThat(created.get()).isEqualTo(25);
        assertThat(refused.get()).isEqualTo(35);
        assertThat(storages.get(1).countMarked(study, "budget")).isEqualTo(25);
        List<FrozenTrial> trials = open(url).trials(study);
        assertThat(trials).hasSize(27);
        assertThat(trials)
                .filteredOn(t -> Boolean.TRUE.equals(t.systemAttributes().get("budget")))
                .hasSize(25)
                .allMatch(t ->
                        t.state() == TrialState.RUNNING && t.systemAttributes().containsKey("fixed_params"));

        // a larger limit later allows more; a smaller one none
        assertThat(storages.get(2).createTrialWithin(study, Map.of(), "budget", 25, NOW))
                .isEmpty();
        assertThat(storages.get(2).createTrialWithin(study, Map.of(), "budget", 20, NOW))
                .isEmpty();
        FrozenTrial more = storages.get(2)
                .createTrialWithin(study, Map.of(), "budget", 26, NOW)
                .orElseThrow();
        assertThat(more.number()).isEqualTo(27);
        assertThat(storages.get(2).createTrialWithin(study, Map.of(), "other", 1, NOW))
                .isPresent();
    }

    @Test
    void lastBeatsListRunningTrialsWithTheirLatestHeartbeat() {
        JdbcStorage storage = open(newUrl());
        long study =
                storage.createStudy("beats", List.of(Direction.MINIMIZE), NOW).id();
        FrozenTrial a = storage.createTrial(study, TrialState.RUNNING, Map.of(), NOW);
        FrozenTrial b = storage.createTrial(study, TrialState.RUNNING, Map.of(), NOW.plusSeconds(1));
        FrozenTrial done = storage.createTrial(study, TrialState.RUNNING, Map.of(), NOW);
        storage.createTrial(study, TrialState.WAITING, Map.of(), NOW);
        storage.finishTrial(done.id(), TrialState.COMPLETE, new double[] {1}, null, NOW.plusSeconds(2));
        storage.recordHeartbeat(a.id(), NOW.plusSeconds(30));
        assertThat(storage.lastBeats(study))
                .containsExactly(Map.entry(a.number(), NOW.plusSeconds(30)), Map.entry(b.number(), NOW.plusSeconds(1)));
    }
}
