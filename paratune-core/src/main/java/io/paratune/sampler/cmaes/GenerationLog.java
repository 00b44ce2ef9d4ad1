package io.paratune.sampler.cmaes;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.TrialState;
import io.paratune.space.Distribution;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CMA-ES generations as the trials record them: each proposed trial's tag (restart,
 * generation, member index, raw point, parameter names) and the {@code told} record of the trials
 * that were told to produce its generation, read back into the members to tell next.
 *
 * <p>A generation is told as soon as {@code lambda} of its members are COMPLETE or PRUNED, taking
 * those of lowest member index: results may arrive in any order, FAIL members (and members whose
 * trial lacks a parameter) are simply outnumbered by the spare members drawn meanwhile, and a slow
 * member does not hold the generation back. A member is told at its evaluated point: one whose
 * trial was enqueued with fixed values for some of the parameters as an injected solution, one
 * whose int or stepped coordinates were rounded with its draw beside it, so that neither can
 * lengthen the step past its bound (see {@link CmaEs#tell(double[][], double[], boolean[],
 * double[][])}). The choice is recorded in the {@code told} attribute of the next generation's
 * trials; the record on the lowest-numbered such trial is canonical. A process that replays the
 * trials (after a restart, or a worker that joins late) tells recorded generations exactly as
 * recorded, and a process that finds a canonical record different from its own choice (two
 * processes advanced at once) has {@link #diverged()} and replays from the start, so all workers
 * converge on one state.
 *
 * <p>Not thread-safe: {@link CmaEsStudyState} holds it under its lock.
 */
final class GenerationLog {
    /**
     * A member as told: {@code loss} is its value as a loss when COMPLETE, its last intermediate
     * value as a loss (+inf for NaN or none) when PRUNED; {@code step} is the PRUNED trial's last step.
     */
    record Member(int number, TrialState state, double loss, int step, double[] x, boolean injected, double[] drawn) {
        /** A member told at the point drawn for it. */
        Member(int number, TrialState state, double loss, int step, double[] x) {
            this(number, state, loss, step, x, false, null);
        }

        boolean usable() {
            return x != null && (state == TrialState.COMPLETE || state == TrialState.PRUNED);
        }
    }

    private final Direction direction;
    private int firstTagged = -1;
    private List<String> taggedNames;
    private final Map<Long, TreeMap<Integer, Member>> members = new HashMap<>();
    /** Per told generation, the canonical record: the trial holding it and the trials told. */
    private final Map<Long, int[]> canonical = new HashMap<>();
    /** Per told generation, the trials this process told. */
    private final Map<Long, List<Integer>> used = new HashMap<>();

    private boolean diverged;
    /** The {@code told} attribute of the current generation: told restart, generation, trial numbers. */
    private List<Integer> currentTold = List.of();

    GenerationLog(Direction direction) {
        this.direction = direction;
    }

    /** The key of a generation: its restart and its number in the restart. */
    static long key(int restart, int generation) {
        return ((long) restart << 32) | generation;
    }

    /** The CMA-ES tag of {@code t} (under its current or its earlier key), or null. */
    static Map<?, ?> tag(FrozenTrial t) {
        Object v = t.systemAttributes().get(CmaEsStudyState.ATTR);
        if (v == null) {
            v = t.systemAttributes().get(io.paratune.SystemAttributes.LEGACY_CMAES_GENERATION);
        }
        return v instanceof Map<?, ?> m ? m : null;
    }

    /** Forgets everything recorded. */
    void reset() {
        firstTagged = -1;
        taggedNames = null;
        members.clear();
        canonical.clear();
        used.clear();
        diverged = false;
        currentTold = List.of();
    }

    /** Forgets the members, to record them again (with the space, once it is known). */
    void forgetMembers() {
        members.clear();
    }

    /** The parameter names in the tag of the lowest-numbered tagged trial, or null before any. */
    List<String> taggedNames() {
        return taggedNames;
    }

    /** Whether a canonical record differs from a generation as this process told it. */
    boolean diverged() {
        return diverged;
    }

    /** The {@code told} attribute for the trials of the current generation, or empty before the first tell. */
    List<Integer> currentTold() {
        return currentTold;
    }

    /**
     * Records the tagged trial {@code t}: the {@code told} record it carries, and the trial as a
     * member of its generation (as last seen: a RUNNING member is recorded again when it finishes).
     *
     * @param space the CMA-ES space, or null while it is not known: members are then kept without
     *     a point to tell
     * @param grids per coordinate of {@code space}, the grid of a parameter handled with a margin,
     *     or null
     * @param from the key of the next generation to tell: members of earlier generations are not
     *     kept
     */
    void record(FrozenTrial t, Map<?, ?> tag, List<Distribution> space, double[][] grids, long from) {
        int r = ((Number) tag.get("restart")).intValue();
        int g = ((Number) tag.get("generation")).intValue();
        int k = ((Number) tag.get("member")).intValue();
        if (firstTagged < 0 || t.number() < firstTagged) {
            firstTagged = t.number();
            taggedNames =
                    ((List<?>) tag.get("params")).stream().map(Object::toString).toList();
        }
        if (tag.get("told") instanceof List<?> told && told.size() > 2) {
            int[] record = new int[told.size() - 1];
            record[0] = t.number();
            for (int i = 2; i < told.size(); i++) {
                record[i - 1] = ((Number) told.get(i)).intValue();
            }
            long toldKey = key(((Number) told.get(0)).intValue(), ((Number) told.get(1)).intValue());
            int[] known = canonical.get(toldKey);
            if (known == null || t.number() < known[0]) {
                canonical.put(toldKey, record);
                List<Integer> mine = used.get(toldKey);
                if (mine != null && !mine.equals(trialsOf(record))) {
                    diverged = true;
                }
            }
        }
        if (key(r, g) < from) {
            return;
        }
        double loss = Double.NaN;
        double[] x = null;
        boolean injected = false;
        if (space != null && (t.state() == TrialState.COMPLETE || t.state() == TrialState.PRUNED)) {
            Object fixedAttr = t.systemAttributes().get(io.paratune.SystemAttributes.FIXED_PARAMS);
            if (fixedAttr instanceof Map<?, ?> fixed) {
                for (Distribution d : space) {
                    injected |= fixed.containsKey(d.name());
                }
            }
        }
        double[] drawn = null;
        if (t.state() == TrialState.COMPLETE && space != null) {
            x = tellPoint(t, tag, space, grids);
            loss = direction.asLoss(t.value());
        } else if (t.state() == TrialState.PRUNED && space != null) {
            x = tellPoint(t, tag, space, grids);
            double last = direction.asLoss(t.lastIntermediateValue());
            loss = Double.isNaN(last) ? Double.POSITIVE_INFINITY : last;
        }
        if (x != null && !injected && tag.get("x") instanceof List<?> raw && raw.size() == x.length) {
            double[] d = new double[x.length];
            boolean moved = false;
            for (int i = 0; i < x.length; i++) {
                d[i] = ((Number) raw.get(i)).doubleValue();
                moved |= d[i] != x[i];
            }
            drawn = moved ? d : null;
        }
        TrialState state = t.state() == TrialState.COMPLETE && x == null ? TrialState.FAIL : t.state();
        members.computeIfAbsent(key(r, g), q -> new TreeMap<>())
                .put(k, new Member(t.number(), state, loss, t.lastStep(), x, injected, drawn));
    }

    private static List<Integer> trialsOf(int[] record) {
        List<Integer> out = new ArrayList<>(record.length - 1);
        for (int i = 1; i < record.length; i++) {
            out.add(record[i]);
        }
        return out;
    }

    /**
     * The members to tell for a generation of {@code lambda}: those of its canonical record, or
     * without one the {@code lambda} usable members of lowest index; null while they are not all
     * visible.
     *
     * @throws io.paratune.SamplerConfigurationException if the canonical record tells another number
     *     of members (the study was run with other settings)
     */
    List<Member> toTell(int restart, int generation, int lambda) {
        long genKey = key(restart, generation);
        TreeMap<Integer, Member> gen = members.getOrDefault(genKey, new TreeMap<>());
        List<Member> told = new ArrayList<>(lambda);
        int[] record = canonical.get(genKey);
        if (record != null) {
            Map<Integer, Member> byNumber = new HashMap<>();
            gen.values().forEach(m -> byNumber.put(m.number(), m));
            for (int i = 1; i < record.length; i++) {
                Member m = byNumber.get(record[i]);
                if (m == null || !m.usable()) {
                    return null; // not visible yet
                }
                told.add(m);
            }
            if (told.size() != lambda) {
                throw new io.paratune.SamplerConfigurationException("CMA-ES record on trial " + record[0]
                        + " tells " + told.size()
                        + " trials for a population of " + lambda + "; the study was run with other settings");
            }
        } else {
            for (Member m : gen.values()) {
                if (m.usable()) {
                    told.add(m);
                    if (told.size() == lambda) {
                        break;
                    }
                }
            }
            if (told.size() < lambda) {
                return null;
            }
        }
        return told;
    }

    /** Notes that a generation was told with {@code told}: its {@code told} attribute and members done. */
    void told(int restart, int generation, List<Member> told) {
        long genKey = key(restart, generation);
        List<Integer> numbers = new ArrayList<>(told.size() + 2);
        numbers.add(restart);
        numbers.add(generation);
        for (Member m : told) {
            numbers.add(m.number());
        }
        used.put(genKey, numbers.subList(2, numbers.size()));
        currentTold = List.copyOf(numbers);
        members.remove(genKey);
    }

    /** The point to tell for a COMPLETE member, or null if the trial lacks one of the parameters. */
    private static double[] tellPoint(FrozenTrial t, Map<?, ?> tag, List<Distribution> space, double[][] grids) {
        List<?> raw = tag.get("x") instanceof List<?> l && l.size() == space.size() ? l : null;
        Object fixedAttr = t.systemAttributes().get(io.paratune.SystemAttributes.FIXED_PARAMS);
        Map<?, ?> fixed = fixedAttr instanceof Map<?, ?> m ? m : Map.of();
        double[] x = new double[space.size()];
        for (int i = 0; i < x.length; i++) {
            Distribution d = space.get(i);
            Double internal = t.internalParams().get(d.name());
            if (internal == null || !t.distributions().get(d.name()).sameRange(d)) {
                return null;
            }
            boolean useRaw = grids[i] != null && raw != null && !fixed.containsKey(d.name());
            x[i] = useRaw ? ((Number) raw.get(i)).doubleValue() : d.toUnit(internal);
        }
        return x;
    }
}
