package io.paratune.sampler.nsga;

import java.util.ArrayList;
import java.util.List;

/**
 * The per-study state of the NSGA sampler: the survivors computed so far, by generation, with a
 * signature of the COMPLETE members each was computed from (their numbers, losses and
 * violations); finished trials never change, so an equal signature means an equal member set and
 * the survivors can be reused. A study deleted and created again under the same name has other
 * members, so nothing stale is reused. Guarded by its own monitor ({@link Generations} synchronises on it).
 */
final class NsgaStudyState {
    final List<Long> signatures = new ArrayList<>();
    final List<List<Survival.Ranked>> survivors = new ArrayList<>();
}
