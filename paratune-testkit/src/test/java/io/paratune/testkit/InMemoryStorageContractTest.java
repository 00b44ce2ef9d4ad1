package io.paratune.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.Direction;
import io.paratune.TrialState;
import io.paratune.storage.Storage;
import io.paratune.storage.StudyInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-memory storage against the storage contract, plus what is its own. */
class InMemoryStorageContractTest extends StorageContract {

    @Override
    protected Storage newStorage() {
        return Storage.inMemory();
    }

    @Test
    void closingKeepsTheData() {
        StudyInfo s = storage.createStudy("s", List.of(Direction.MINIMIZE), T0);
        storage.createTrial(s.id(), TrialState.RUNNING, Map.of(), T0);
        storage.close();
        assertThat(storage.findStudy("s")).contains(s);
        assertThat(storage.trials(s.id())).hasSize(1);
    }

    @Test
    void eachInMemoryStorageIsSeparate() {
        storage.createStudy("s", List.of(Direction.MINIMIZE), T0);
        try (Storage other = Storage.inMemory()) {
            assertThat(other.findStudy("s")).isEmpty();
            assertThat(other.studies()).isEmpty();
        }
    }
}
