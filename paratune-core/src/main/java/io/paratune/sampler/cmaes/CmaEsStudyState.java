package io.paratune.sampler.cmaes;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.StudyView;
import io.paratune.TrialState;
import io.paratune.internal.Seeds;
import io.paratune.sampler.FinishedTrialCursor;
import io.paratune.space.Distribution;
import io.paratune.space.FloatDistribution;
import io.paratune.space.IntDistribution;
import io.paratune.space.SearchSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The CMA-ES state of one study, rebuilt from and kept in step with the stored trials. Every trial
 * the sampler proposes carries a system attribute {@value #ATTR}: its restart, generation, member
 * index (from the study's storage counter, so parallel workers get different members), the raw
 * point told to CMA-ES, and {@code told}: which trials were told to produce its generation.
 *
 * <p>A generation is told as soon as {@code lambda} of its members are COMPLETE or PRUNED, taking
 * those of lowest member index: results may arrive in any order, FAIL members (and members whose
 * trial lacks a parameter) are simply outnumbered by the spare members drawn meanwhile, and a slow
 * member does not hold the generation back. CMA-ES uses only the ranking of a generation: PRUNED
 * members rank after every COMPLETE one, those stopped at a later step first, then by their last
 * intermediate value (NaN or none last), as TPE ranks them; {@link #prunedLosses} turns that
 * ranking into finite values above the worst COMPLETE loss (or ranks, where those overflow). A
 * member is told at its evaluated point: one whose trial was enqueued with fixed values for some of
 * the parameters as an injected solution, one whose int or stepped coordinates were rounded with
 * its draw beside it, so that neither can lengthen the step past its bound (see {@link
 * CmaEs#tell(double[][], double[], boolean[], double[][])}).
 * The choice is recorded in the
 * {@code told} attribute of the next generation's trials; the record on the lowest-numbered such
 * trial is canonical. A process that replays the trials (after a restart, or a worker that joins
 * late) tells recorded generations exactly as recorded, and a process that finds a canonical record
 * different from its own choice (two processes advanced at once) replays from the start, so all
 * workers converge on one state.
 *
 * <p>Coordinates are the unit cube of {@link Distribution#toUnit}; a proposal maps back with {@link
 * Distribution#fromUnit}, which rounds int and stepped parameters (or, with a margin, their exact
 * grid values). Thread-safe: every method holds the lock.
 */
final class CmaEsStudyState {
    private static final System.Logger LOG = System.getLogger(CmaEsStudyState.class.getName());
    static final String ATTR = io.paratune.SystemAttributes.CMAES_GENERATION;
    /**
     * The prefix of the storage counters that hand out a generation's member indices: a counter
     * name, not an attribute key, kept as earlier versions stored it so that a study resumed in the
     * middle of a generation goes on counting its members.
     */
    static final String COUNTER_PREFIX = "cmaes";
    /** Grids larger than this are treated as continuous and rounded, also with a margin. */
    private static final int MAX_MARGIN_CELLS = 10_000;

    /** One member of a generation as the engine last saw it. */
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

    /** A proposal: internal values by name and the attribute to store with the trial. */
    record Proposal(Map<String, Double> params, Map<String, Object> attribute) {}

    private final CmaEsSampler.Options options;
    private final Direction direction;
    private final FinishedTrialCursor cursor = new FinishedTrialCursor();
    private final FinishedTrialCursor.Reader reader = new FinishedTrialCursor.Reader() {
        @Override
        public void restart() {
            reset();
        }

        @Override
        public void read(FrozenTrial t) {
            Map<?, ?> tag = tag(t);
            if (t.state() == TrialState.COMPLETE) {
                completeCount++;
                updateIntersection(t);
            }
            if (tag != null) {
                record(t, tag);
            }
        }
    };
    private int completeCount;
    private Map<String, Distribution> intersection;
    private int firstTagged = -1;
    private List<String> taggedNames;
    private final Map<Long, TreeMap<Integer, Member>> members = new HashMap<>();
    /** Per told generation, the canonical record: the trial holding it and the trials told. */
    private final Map<Long, int[]> canonical = new HashMap<>();
    /** Per told generation, the trials this engine told. */
    private final Map<Long, List<Integer>> used = new HashMap<>();

    private boolean diverged;
    /** The {@code told} attribute of the current generation: told restart, generation, trial numbers. */
    private List<Integer> currentTold = List.of();

    private List<Distribution> space;
    private double[][] grids;
    private CmaEs es;
    private int restart;
    private int generation;
    private int defaultLambda;
    private final RestartSchedule schedule;

    CmaEsStudyState(CmaEsSampler.Options options, Direction direction) {
        this.options = options;
        this.direction = direction;
        this.schedule = new RestartSchedule(options.restart(), options.incPopSize());
    }

    private static long key(int restart, int generation) {
        return ((long) restart << 32) | generation;
    }

    // ---- reading trials ----

    /**
     * Reads what changed through the {@link FinishedTrialCursor} and tells the generations it
     * completes; {@code study}'s trial list is read whole only to rebuild the state.
     */
    synchronized void sync(StudyView study) {
        List<FrozenTrial> trials = cursor.read(study, reader);
        if (trials.isEmpty()) {
            return;
        }
        if (diverged) {
            // another process told a generation differently and its record is canonical: replay
            cursor.reset();
            reset();
            sync(study);
            return;
        }
        if (space == null && firstTagged >= 0) {
            rebuildSpace(study.trials());
        }
        if (es != null) {
            advance();
        }
    }

    private void reset() {
        completeCount = 0;
        intersection = null;
        firstTagged = -1;
        taggedNames = null;
        members.clear();
        canonical.clear();
        used.clear();
        diverged = false;
        currentTold = List.of();
        space = null;
        es = null;
    }

    private static Map<?, ?> tag(FrozenTrial t) {
        Object v = t.systemAttributes().get(ATTR);
        if (v == null) {
            v = t.systemAttributes().get(io.paratune.SystemAttributes.LEGACY_CMAES_GENERATION);
        }
        return v instanceof Map<?, ?> m ? m : null;
    }

    private void updateIntersection(FrozenTrial t) {
        if (intersection == null) {
            intersection = new TreeMap<>();
            t.distributions().forEach((name, d) -> {
                if (!d.isSingle() && (d instanceof FloatDistribution || d instanceof IntDistribution)) {
                    intersection.put(name, d);
                }
            });
        } else {
            intersection.entrySet().removeIf(e -> {
                Distribution d = t.distributions().get(e.getKey());
                return d == null || !d.sameRange(e.getValue());
            });
        }
    }

    private void record(FrozenTrial t, Map<?, ?> tag) {
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
        if (es != null && key(r, g) < key(restart, generation)) {
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
            x = tellPoint(t, tag);
            loss = direction.asLoss(t.value());
        } else if (t.state() == TrialState.PRUNED && space != null) {
            x = tellPoint(t, tag);
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

    /** The point to tell for a COMPLETE member, or null if the trial lacks one of the parameters. */
    private double[] tellPoint(FrozenTrial t, Map<?, ?> tag) {
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

    /** After a restart of the process: the space of the first tagged trial, with the ranges of a COMPLETE trial. */
    private void rebuildSpace(List<FrozenTrial> trials) {
        for (FrozenTrial t : trials) {
            if (t.state() == TrialState.COMPLETE && t.distributions().keySet().containsAll(taggedNames)) {
                start(taggedNames.stream().map(t.distributions()::get).toList());
                // members seen before the space was known: read them again with the space
                members.clear();
                for (FrozenTrial u : trials) {
                    Map<?, ?> tag = tag(u);
                    if (tag != null) {
                        record(u, tag);
                    }
                }
                return;
            }
        }
    }

    // ---- the search space ----

    /** The space CMA-ES works on, or empty before it can start (or after the objective's space changed). */
    synchronized SearchSpace space() {
        if (space == null) {
            if (intersection == null
                    || completeCount < Math.max(1, options.startupTrials())
                    || intersection.size() < 2) {
                return SearchSpace.empty();
            }
            start(new ArrayList<>(intersection.values()));
        }
        return SearchSpace.of(space);
    }

    private void start(List<Distribution> dists) {
        space = List.copyOf(dists);
        int n = space.size();
        grids = new double[n][];
        if (options.withMargin()) {
            for (int i = 0; i < n; i++) {
                grids[i] = grid(space.get(i));
            }
        }
        defaultLambda = options.populationSize() > 0 ? options.populationSize() : 4 + (int) Math.floor(3 * Math.log(n));
        restart = 0;
        generation = 0;
        es = firstRun();
        schedule.begin(defaultLambda, es.populationSize());
    }

    /** The unit coordinates of every member of a grid-like distribution, or null. */
    private static double[] grid(Distribution d) {
        long cells = d.cardinality();
        if (cells < 2 || cells > MAX_MARGIN_CELLS) {
            return null;
        }
        double[] g = new double[(int) cells];
        if (d instanceof IntDistribution i) {
            for (int k = 0; k < cells; k++) {
                g[k] = d.toUnit(i.low() + (long) k * i.step());
            }
        } else {
            for (int k = 0; k < cells; k++) {
                g[k] = (k + 0.5) / cells;
            }
        }
        return g;
    }

    private CmaEs newEs(double[] mean, double sigma, double[][] cov, int lambda) {
        int n = space.size();
        double[] lower = new double[n];
        double[] upper = new double[n];
        Arrays.fill(upper, 1.0);
        return new CmaEs(
                mean,
                Math.max(sigma, CmaEs.EPS),
                cov,
                lambda,
                options.separable(),
                lower,
                upper,
                options.withMargin() ? grids : null);
    }

    private CmaEs firstRun() {
        int n = space.size();
        List<FrozenTrial> source = options.warmStart();
        if (!source.isEmpty()) {
            List<double[]> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (FrozenTrial t : source) {
                double[] x = t.state() == TrialState.COMPLETE ? coordinates(t) : null;
                if (x != null) {
                    xs.add(x);
                    ys.add(direction.asLoss(t.value()));
                }
            }
            if (xs.size() >= Math.ceil(1 / WarmStart.GAMMA)) {
                WarmStart w = WarmStart.of(
                        xs.toArray(double[][]::new),
                        ys.stream().mapToDouble(Double::doubleValue).toArray());
                return newEs(clamp(w.mean()), w.sigma(), w.cov(), defaultLambda);
            }
            LOG.log(
                    System.Logger.Level.WARNING,
                    "CmaEsSampler warm start: only {0} of {1} source trials are"
                            + " COMPLETE with every parameter of {2}; at least 10 are needed, so CMA-ES starts cold",
                    xs.size(),
                    source.size(),
                    space.stream().map(Distribution::name).toList());
        }
        double[] mean = new double[n];
        Arrays.fill(mean, 0.5);
        for (int i = 0; i < n; i++) {
            Object x0 = options.x0().get(space.get(i).name());
            if (x0 != null) {
                mean[i] = space.get(i).toUnit(space.get(i).toInternal(x0));
            }
        }
        return newEs(mean, options.sigma0(), null, defaultLambda);
    }

    private double[] coordinates(FrozenTrial t) {
        double[] x = new double[space.size()];
        for (int i = 0; i < x.length; i++) {
            Distribution d = space.get(i);
            Double internal = t.internalParams().get(d.name());
            Distribution td = t.distributions().get(d.name());
            if (internal == null || !(d.sameRange(td) || d.contains(internal))) {
                return null;
            }
            x[i] = d.toUnit(internal);
        }
        return x;
    }

    private static double[] clamp(double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Math.max(0, Math.min(1, x[i]));
        }
        return out;
    }

    // ---- generations ----

    /** Tells every generation that is recorded as told or has lambda COMPLETE members. */
    private void advance() {
        while (true) {
            long genKey = key(restart, generation);
            TreeMap<Integer, Member> gen = members.getOrDefault(genKey, new TreeMap<>());
            int lambda = es.populationSize();
            List<Member> told = new ArrayList<>(lambda);
            int[] record = canonical.get(genKey);
            if (record != null) {
                Map<Integer, Member> byNumber = new HashMap<>();
                gen.values().forEach(m -> byNumber.put(m.number(), m));
                for (int i = 1; i < record.length; i++) {
                    Member m = byNumber.get(record[i]);
                    if (m == null || !m.usable()) {
                        return; // not visible yet
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
                    return;
                }
            }
            double[][] xs = new double[lambda][];
            boolean[] injected = new boolean[lambda];
            double[][] drawn = new double[lambda][];
            double[] ys = prunedLosses(told);
            List<Integer> numbers = new ArrayList<>(lambda + 2);
            numbers.add(restart);
            numbers.add(generation);
            for (int k = 0; k < lambda; k++) {
                xs[k] = told.get(k).x();
                injected[k] = told.get(k).injected();
                drawn[k] = told.get(k).drawn();
                numbers.add(told.get(k).number());
            }
            es.tell(xs, ys, injected, drawn);
            used.put(genKey, numbers.subList(2, numbers.size()));
            currentTold = List.copyOf(numbers);
            members.remove(genKey);
            generation++;
            if (options.restart() != CmaEsSampler.Restart.NONE && es.shouldStop()) {
                newRun();
            }
        }
    }

    /**
     * The losses to tell for a generation: COMPLETE members keep theirs; PRUNED members get evenly
     * spaced values above the worst COMPLETE loss in their rank order (later step first, then lower
     * last loss), so the ranking, all CMA-ES uses, is the documented one and every value is finite.
     */
    static double[] prunedLosses(List<Member> told) {
        double best = Double.POSITIVE_INFINITY;
        double worst = Double.NEGATIVE_INFINITY;
        List<Integer> pruned = new ArrayList<>();
        for (int i = 0; i < told.size(); i++) {
            Member m = told.get(i);
            if (m.state() == TrialState.COMPLETE) {
                best = Math.min(best, m.loss());
                worst = Math.max(worst, m.loss());
            } else {
                pruned.add(i);
            }
        }
        double[] ys = new double[told.size()];
        for (int i = 0; i < ys.length; i++) {
            ys[i] = told.get(i).loss();
        }
        if (pruned.isEmpty()) {
            return ys;
        }
        if (worst == Double.NEGATIVE_INFINITY) {
            best = 0;
            worst = 0;
        }
        // halves: the difference of two finite losses may overflow
        double gap = worst > best ? (worst / 2 - best / 2) / told.size() * 2 : 1;
        pruned.sort(
                java.util.Comparator.comparingInt((Integer i) -> -told.get(i).step())
                        .thenComparingDouble(i -> told.get(i).loss())
                        .thenComparingInt(i -> told.get(i).number()));
        double previous = worst;
        boolean ordered = true;
        for (int r = 0; r < pruned.size(); r++) {
            double y = worst + gap * (r + 1);
            ordered &= Double.isFinite(y) && y > previous;
            ys[pruned.get(r)] = y;
            previous = y;
        }
        return ordered ? ys : ranks(told, pruned);
    }

    /**
     * The losses as ranks, for a generation whose PRUNED members cannot be placed above the worst
     * COMPLETE loss in doubles (it is near the largest double, or the steps vanish in rounding):
     * COMPLETE members by loss (equal losses share a rank), then the PRUNED ones in {@code pruned}'s
     * order. CMA-ES uses only the order of the values, which ranks keep.
     */
    private static double[] ranks(List<Member> told, List<Integer> pruned) {
        List<Integer> complete = new ArrayList<>();
        for (int i = 0; i < told.size(); i++) {
            if (told.get(i).state() == TrialState.COMPLETE) {
                complete.add(i);
            }
        }
        complete.sort(java.util.Comparator.comparingDouble(i -> told.get(i).loss()));
        double[] ys = new double[told.size()];
        int rank = -1;
        double last = Double.NaN;
        for (int i : complete) {
            double loss = told.get(i).loss();
            if (rank < 0 || loss != last) {
                rank++;
                last = loss;
            }
            ys[i] = rank;
        }
        for (int i : pruned) {
            ys[i] = ++rank;
        }
        return ys;
    }

    private void newRun() {
        long used = (long) generation * es.populationSize();
        restart++;
        generation = 0;
        SplittableRandom rng = random(restart, -1, -1);
        double[] mean = new double[space.size()];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = rng.nextDouble();
        }
        RestartSchedule.Run run = schedule.next(used, rng, options.sigma0());
        es = newEs(mean, run.sigma(), null, run.lambda());
    }

    /** The random stream of one member (or, with member -1, of a restart). */
    SplittableRandom random(int restart, int generation, int member) {
        long h = options.seed();
        h = Seeds.mix64(h ^ (0x9E3779B97F4A7C15L * (restart + 1L)));
        h = Seeds.mix64(h ^ (0xC2B2AE3D27D4EB4FL * (generation + 2L)));
        h = Seeds.mix64(h ^ (0x165667B19E3779F9L * (member + 2L)));
        return new SplittableRandom(h);
    }

    /** The counter key of the current generation; the counter hands out member indices. */
    synchronized String counterKey() {
        return COUNTER_PREFIX + ":r" + restart + ":g" + generation;
    }

    /**
     * Draws member {@code member} of the current generation, or null when the engine moved on to
     * another generation since {@link #counterKey()} was read.
     */
    synchronized Proposal propose(String counterKey, int member) {
        if (!counterKey.equals(counterKey())) {
            return null;
        }
        CmaEs.Candidate c = es.ask(random(restart, generation, member));
        Map<String, Double> params = new HashMap<>();
        List<Double> raw = new ArrayList<>(space.size());
        for (int i = 0; i < space.size(); i++) {
            params.put(space.get(i).name(), space.get(i).fromUnit(c.forEval()[i]));
            raw.add(c.forTell()[i]);
        }
        Map<String, Object> attribute = new HashMap<>();
        attribute.put("restart", restart);
        attribute.put("generation", generation);
        attribute.put("member", member);
        attribute.put("x", raw);
        attribute.put("params", space.stream().map(Distribution::name).toList());
        if (!currentTold.isEmpty()) {
            attribute.put("told", currentTold);
        }
        return new Proposal(params, attribute);
    }

    /** For tests and diagnostics: restart, generation and population size. */
    synchronized int[] position() {
        return es == null ? new int[] {-1, -1, 0} : new int[] {restart, generation, es.populationSize()};
    }
}
