package io.paratune.storage;

import io.paratune.space.Distribution;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One study of the in-memory storage: its info, attributes, sequences, trials and waiting queue;
 * the attributes, trials and queue are guarded by the study's own monitor.
 */
final class InMemoryStudy {
    final StudyInfo info;
    final Map<String, Object> attributes = new LinkedHashMap<>();
    final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    final List<InMemoryTrial> trials = new ArrayList<>();
    final ArrayDeque<InMemoryTrial> waiting = new ArrayDeque<>();
    /** The size of {@code waiting}, written under the study's lock, read without it. */
    volatile int waitingCount;
    /** One instance per distinct distribution, shared by all trials that use it. */
    final Map<Distribution, Distribution> distributions = new ConcurrentHashMap<>();

    InMemoryStudy(StudyInfo info) {
        this.info = info;
    }

    /** The one shared instance of a distribution equal to {@code d}. */
    Distribution canonical(Distribution d) {
        Distribution known = distributions.putIfAbsent(d, d);
        return known == null ? d : known;
    }
}
