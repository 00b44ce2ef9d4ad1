package io.paratune.storage;

import io.paratune.Direction;
import io.paratune.DuplicateStudyException;
import io.paratune.FrozenTrial;
import io.paratune.StorageException;
import io.paratune.StudyNotFoundException;
import io.paratune.TrialState;
import io.paratune.internal.JsonValues;
import io.paratune.space.Distribution;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The thread-safe storage in this JVM's memory. Each study guards its trial list with its own lock
 * and each trial its own fields, so parallel workers contend only when creating or listing trials.
 * Snapshots are built once per change and shared. A study's data is an {@link InMemoryStudy}, a
 * trial's an {@link InMemoryTrial}.
 */
final class InMemoryStorage implements Storage {

    private final AtomicLong nextStudyId = new AtomicLong();
    private final AtomicLong nextTrialId = new AtomicLong();
    private final Map<Long, InMemoryStudy> studies = new ConcurrentHashMap<>();
    private final Map<String, InMemoryStudy> studiesByName = new ConcurrentHashMap<>();
    private final Map<Long, InMemoryTrial> trialsById = new ConcurrentHashMap<>();

    @Override
    public synchronized StudyInfo createStudy(String name, List<Direction> directions, Instant now) {
        if (studiesByName.containsKey(name)) {
            throw new DuplicateStudyException(name);
        }
        InMemoryStudy study = new InMemoryStudy(new StudyInfo(nextStudyId.getAndIncrement(), name, directions, now));
        studies.put(study.info.id(), study);
        studiesByName.put(name, study);
        return study.info;
    }

    @Override
    public Optional<StudyInfo> findStudy(String name) {
        InMemoryStudy s = studiesByName.get(name);
        return s == null ? Optional.empty() : Optional.of(s.info);
    }

    @Override
    public StudyInfo study(long studyId) {
        return study(studyId, "read").info;
    }

    private InMemoryStudy study(long studyId, String operation) {
        InMemoryStudy s = studies.get(studyId);
        if (s == null) {
            throw new StudyNotFoundException("#" + studyId + " (" + operation + ")");
        }
        return s;
    }

    @Override
    public List<StudyInfo> studies() {
        return studies.values().stream()
                .map(s -> s.info)
                .sorted((a, b) -> Long.compare(a.id(), b.id()))
                .toList();
    }

    @Override
    public synchronized void deleteStudy(long studyId) {
        InMemoryStudy s = study(studyId, "delete");
        studies.remove(studyId);
        studiesByName.remove(s.info.name());
        synchronized (s) {
            for (InMemoryTrial t : s.trials) {
                trialsById.remove(t.id);
            }
        }
    }

    @Override
    public void setStudyAttribute(long studyId, String key, Object value) {
        InMemoryStudy s = study(studyId, "set attribute");
        Object copy = JsonValues.copy("study attribute '" + key + "'", value);
        synchronized (s) {
            s.attributes.put(key, copy);
        }
    }

    @Override
    public Map<String, Object> studyAttributes(long studyId) {
        InMemoryStudy s = study(studyId, "read attributes");
        synchronized (s) {
            return io.paratune.internal.Checks.frozenMap(s.attributes);
        }
    }

    @Override
    public long nextSequenceValue(long studyId, String key) {
        return study(studyId, "next sequence value")
                .counters
                .computeIfAbsent(key, k -> new AtomicLong())
                .getAndIncrement();
    }

    @Override
    public FrozenTrial createTrial(long studyId, TrialState state, Map<String, Object> systemAttributes, Instant now) {
        if (state != TrialState.RUNNING && state != TrialState.WAITING) {
            throw new IllegalArgumentException("a new trial is RUNNING or WAITING, not " + state);
        }
        InMemoryStudy s = study(studyId, "create trial");
        InMemoryTrial t;
        synchronized (s) {
            t = new InMemoryTrial(
                    s, nextTrialId.getAndIncrement(), s.trials.size(), state, state == TrialState.RUNNING ? now : null);
            systemAttributes.forEach(
                    (k, v) -> t.systemAttributes().put(k, JsonValues.copy("system attribute '" + k + "'", v)));
            s.trials.add(t);
            if (state == TrialState.WAITING) {
                s.waiting.add(t);
                s.waitingCount = s.waiting.size();
            }
        }
        trialsById.put(t.id, t);
        return t.snapshot();
    }

    /** Adds the finished trial in one step: no other reader sees it before it is finished. */
    @Override
    public FrozenTrial createFinishedTrial(long studyId, FrozenTrial template) {
        Storage.requireFinishedTemplate(template);
        Map<String, Object> user = new LinkedHashMap<>();
        template.userAttributes().forEach((k, v) -> user.put(k, JsonValues.copy("user attribute '" + k + "'", v)));
        Map<String, Object> system = new LinkedHashMap<>();
        template.systemAttributes()
                .forEach((k, v) -> system.put(k, JsonValues.copy("system attribute '" + k + "'", v)));
        InMemoryStudy s = study(studyId, "add trial");
        InMemoryTrial t;
        synchronized (s) {
            t = new InMemoryTrial(
                    s, nextTrialId.getAndIncrement(), s.trials.size(), template.state(), template.started());
            template.internalParams().forEach((name, v) -> {
                t.params().put(name, v);
                t.distributions().put(name, s.canonical(template.distributions().get(name)));
            });
            t.intermediate().putAll(template.intermediateValues());
            t.userAttributes().putAll(user);
            t.systemAttributes().putAll(system);
            t.values = template.hasValues() ? template.values() : null;
            t.failureMessage = template.failureMessage();
            t.finished = template.finished();
            s.trials.add(t);
        }
        trialsById.put(t.id, t);
        return t.freeze();
    }

    @Override
    public Optional<FrozenTrial> claimWaitingTrial(long studyId, Instant now) {
        InMemoryStudy s = study(studyId, "claim waiting trial");
        if (s.waitingCount == 0) { // the common case needs no lock
            return Optional.empty();
        }
        synchronized (s) {
            if (s.waiting.isEmpty()) {
                return Optional.empty();
            }
            InMemoryTrial t = s.waiting.poll();
            s.waitingCount = s.waiting.size();
            synchronized (t) {
                t.state = TrialState.RUNNING;
                t.started = now;
                t.changed();
            }
            return Optional.of(t.snapshot());
        }
    }

    private InMemoryTrial trialEntry(long trialId) {
        InMemoryTrial t = trialsById.get(trialId);
        if (t == null) {
            throw new StorageException("trial #" + trialId + " does not exist (its study may have been deleted)");
        }
        return t;
    }

    @Override
    public void setParam(long trialId, String name, double internalValue, Distribution distribution) {
        InMemoryTrial t = trialEntry(trialId);
        if (!distribution.contains(internalValue)) {
            throw new IllegalArgumentException("parameter '" + name + "': internal value " + internalValue
                    + " is not a member of " + distribution);
        }
        synchronized (t) {
            if (t.state != TrialState.RUNNING) { // the message is built only when it is needed
                t.requireRunning("set parameter '" + name + "' of");
            }
            Distribution old = t.distributions().get(name);
            if (old != null) {
                if (!old.sameRange(distribution) || t.params().get(name) != internalValue) {
                    throw new IllegalArgumentException("parameter '" + name + "' of trial " + t.number
                            + " is already set from " + old + "; a parameter is set once per trial");
                }
                return;
            }
            t.params().put(name, internalValue);
            t.distributions().put(name, t.study.canonical(distribution));
            t.changed();
        }
    }

    @Override
    public boolean setIntermediateValue(long trialId, int step, double value) {
        InMemoryTrial t = trialEntry(trialId);
        synchronized (t) {
            if (t.state != TrialState.RUNNING) {
                t.requireRunning("report step " + step + " of");
            }
            if (t.intermediate().containsKey(step)) {
                return false;
            }
            t.intermediate().put(step, value);
            t.changed();
            return true;
        }
    }

    @Override
    public void setUserAttribute(long trialId, String key, Object value) {
        InMemoryTrial t = trialEntry(trialId);
        Object copy = JsonValues.copy("user attribute '" + key + "'", value);
        synchronized (t) {
            t.requireNotFinished("set user attribute '" + key + "' of");
            t.userAttributes().put(key, copy);
            t.changed();
        }
    }

    @Override
    public void setSystemAttribute(long trialId, String key, Object value) {
        InMemoryTrial t = trialEntry(trialId);
        Object copy = JsonValues.copy("system attribute '" + key + "'", value);
        synchronized (t) {
            t.requireNotFinished("set system attribute '" + key + "' of");
            t.systemAttributes().put(key, copy);
            t.changed();
        }
    }

    @Override
    public FrozenTrial finishTrial(
            long trialId, TrialState state, double[] values, String failureMessage, Instant now) {
        if (!state.isFinished()) {
            throw new IllegalArgumentException("finishTrial needs COMPLETE, PRUNED or FAIL, not " + state);
        }
        InMemoryTrial t = trialEntry(trialId);
        synchronized (t) {
            t.requireRunning("finish");
            t.state = state;
            t.values = values == null ? null : values.clone();
            t.failureMessage = failureMessage;
            t.finished = now;
            t.changed();
            return t.freeze();
        }
    }

    @Override
    public FrozenTrial trial(long trialId) {
        return trialEntry(trialId).snapshot();
    }

    @Override
    public Optional<FrozenTrial> trialByNumber(long studyId, int number) {
        InMemoryStudy s = study(studyId, "read trial");
        InMemoryTrial t;
        synchronized (s) {
            if (number < 0 || number >= s.trials.size()) {
                return Optional.empty();
            }
            t = s.trials.get(number);
        }
        return Optional.of(t.snapshot());
    }

    @Override
    public List<FrozenTrial> trials(long studyId, Set<TrialState> states, int minNumber) {
        InMemoryStudy s = study(studyId, "list trials");
        List<FrozenTrial> out;
        synchronized (s) {
            out = new ArrayList<>(Math.max(0, s.trials.size() - Math.max(0, minNumber)));
            for (int i = Math.max(0, minNumber); i < s.trials.size(); i++) {
                FrozenTrial snap = s.trials.get(i).snapshot();
                if (states.contains(snap.state())) {
                    out.add(snap);
                }
            }
        }
        return out;
    }
}
