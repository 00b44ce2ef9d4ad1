package io.paratune.storage;

import io.paratune.Direction;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a storage knows about a study besides its trials.
 *
 * @param id the storage's id of the study
 * @param name the unique study name
 * @param directions one direction per objective value, at least one
 * @param created when the study was created
 */
public record StudyInfo(long id, String name, List<Direction> directions, Instant created) {
    public StudyInfo {
        Objects.requireNonNull(name, "name");
        directions = List.copyOf(directions);
        if (directions.isEmpty()) {
            throw new IllegalArgumentException("study '" + name + "': directions are empty; give at least one");
        }
    }
}
