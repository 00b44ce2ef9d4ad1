package io.paratune.testkit;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.TrialState;
import io.paratune.space.Distribution;
import io.paratune.storage.Storage;
import io.paratune.storage.StudyInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The storage contract for the Storage interface's default methods ({@code startTrial}, {@code
 * createFinishedTrial}): a storage that implements only the abstract methods, by forwarding them
 * to the in-memory storage, as a third-party storage would before it overrides any default.
 */
class ForwardingStorageContractTest extends StorageContract {

    @Override
    protected Storage newStorage() {
        return new Forwarding(Storage.inMemory());
    }

    private record Forwarding(Storage to) implements Storage {
        @Override
        public StudyInfo createStudy(String name, List<Direction> directions, Instant now) {
            return to.createStudy(name, directions, now);
        }

        @Override
        public Optional<StudyInfo> findStudy(String name) {
            return to.findStudy(name);
        }

        @Override
        public StudyInfo study(long studyId) {
            return to.study(studyId);
        }

        @Override
        public List<StudyInfo> studies() {
            return to.studies();
        }

        @Override
        public void deleteStudy(long studyId) {
            to.deleteStudy(studyId);
        }

        @Override
        public void setStudyAttribute(long studyId, String key, Object value) {
            to.setStudyAttribute(studyId, key, value);
        }

        @Override
        public Map<String, Object> studyAttributes(long studyId) {
            return to.studyAttributes(studyId);
        }

        @Override
        public long nextSequenceValue(long studyId, String key) {
            return to.nextSequenceValue(studyId, key);
        }

        @Override
        public FrozenTrial createTrial(
                long studyId, TrialState state, Map<String, Object> systemAttributes, Instant now) {
            return to.createTrial(studyId, state, systemAttributes, now);
        }

        @Override
        public Optional<FrozenTrial> claimWaitingTrial(long studyId, Instant now) {
            return to.claimWaitingTrial(studyId, now);
        }

        @Override
        public void setParam(long trialId, String name, double internalValue, Distribution distribution) {
            to.setParam(trialId, name, internalValue, distribution);
        }

        @Override
        public boolean setIntermediateValue(long trialId, int step, double value) {
            return to.setIntermediateValue(trialId, step, value);
        }

        @Override
        public void setUserAttribute(long trialId, String key, Object value) {
            to.setUserAttribute(trialId, key, value);
        }

        @Override
        public void setSystemAttribute(long trialId, String key, Object value) {
            to.setSystemAttribute(trialId, key, value);
        }

        @Override
        public FrozenTrial finishTrial(
                long trialId, TrialState state, double[] values, String failureMessage, Instant now) {
            return to.finishTrial(trialId, state, values, failureMessage, now);
        }

        @Override
        public FrozenTrial trial(long trialId) {
            return to.trial(trialId);
        }

        @Override
        public Optional<FrozenTrial> trialByNumber(long studyId, int number) {
            return to.trialByNumber(studyId, number);
        }

        @Override
        public List<FrozenTrial> trials(long studyId, Set<TrialState> states, int minNumber) {
            return to.trials(studyId, states, minNumber);
        }
    }
}
