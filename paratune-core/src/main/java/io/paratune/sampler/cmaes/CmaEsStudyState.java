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
 * The CMA-ES state of one study, rebuilt from and kept in step with the stored trials: the space,
 * the current run of {@link CmaEs} and its restarts. Every trial the sampler proposes carries a
 * system attribute {@value #ATTR}: its restart, generation, member index (from the study's storage
 * counter, so parallel workers get different members), the raw point told to CMA-ES, and {@code
 * told}: which trials were told to produce its generation. The {@link GenerationLog} reads these
 * back and chooses the members to tell, {@link GenerationLosses} the values they are told; a
 * process whose log has diverged from the canonical records replays every trial from the start.
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
            Map<?, ?> tag = GenerationLog.tag(t);
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
    private final GenerationLog log;

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
        this.log = new GenerationLog(direction);
        this.schedule = new RestartSchedule(options.restart(), options.incPopSize());
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
        if (log.diverged()) {
            // another process told a generation differently and its record is canonical: replay
            cursor.reset();
            reset();
            sync(study);
            return;
        }
        if (space == null && log.taggedNames() != null) {
            rebuildSpace(study.trials());
        }
        if (es != null) {
            advance();
        }
    }

    private void reset() {
        completeCount = 0;
        intersection = null;
        log.reset();
        space = null;
        es = null;
    }

    /** Records a tagged trial in the log, with the space as far as it is known. */
    private void record(FrozenTrial t, Map<?, ?> tag) {
        log.record(t, tag, space, grids, es == null ? Long.MIN_VALUE : GenerationLog.key(restart, generation));
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

    /** After a restart of the process: the space of the first tagged trial, with the ranges of a COMPLETE trial. */
    private void rebuildSpace(List<FrozenTrial> trials) {
        List<String> taggedNames = log.taggedNames();
        for (FrozenTrial t : trials) {
            if (t.state() == TrialState.COMPLETE && t.distributions().keySet().containsAll(taggedNames)) {
                start(taggedNames.stream().map(t.distributions()::get).toList());
                // members seen before the space was known: read them again with the space
                log.forgetMembers();
                for (FrozenTrial u : trials) {
                    Map<?, ?> tag = GenerationLog.tag(u);
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
            int lambda = es.populationSize();
            List<GenerationLog.Member> told = log.toTell(restart, generation, lambda);
            if (told == null) {
                return;
            }
            double[][] xs = new double[lambda][];
            boolean[] injected = new boolean[lambda];
            double[][] drawn = new double[lambda][];
            double[] ys = GenerationLosses.of(told);
            for (int k = 0; k < lambda; k++) {
                xs[k] = told.get(k).x();
                injected[k] = told.get(k).injected();
                drawn[k] = told.get(k).drawn();
            }
            es.tell(xs, ys, injected, drawn);
            log.told(restart, generation, told);
            generation++;
            if (options.restart() != CmaEsSampler.Restart.NONE && es.shouldStop()) {
                newRun();
            }
        }
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
        long start = Seeds.derive(options.seed(), restart, Seeds.Purpose.CMAES_RESTART);
        if (member < 0) {
            return new SplittableRandom(start);
        }
        long generationSeed = Seeds.derive(start, generation, Seeds.Purpose.CMAES_GENERATION);
        return Seeds.stream(generationSeed, member, Seeds.Purpose.CMAES_MEMBER);
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
        if (!log.currentTold().isEmpty()) {
            attribute.put("told", log.currentTold());
        }
        return new Proposal(params, attribute);
    }

    /** For tests and diagnostics: restart, generation and population size. */
    synchronized int[] position() {
        return es == null ? new int[] {-1, -1, 0} : new int[] {restart, generation, es.populationSize()};
    }
}
