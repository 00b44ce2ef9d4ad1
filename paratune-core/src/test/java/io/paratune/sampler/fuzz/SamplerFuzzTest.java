package io.paratune.sampler.fuzz;

import io.paratune.Direction;
import io.paratune.EvaluatedTrial;
import io.paratune.FrozenTrial;
import io.paratune.OptimizeOptions;
import io.paratune.SamplerExhaustedException;
import io.paratune.SamplerWarnings;
import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.TrialPrunedException;
import io.paratune.TrialState;
import io.paratune.pruner.Pruner;
import io.paratune.pruner.Pruners;
import io.paratune.sampler.Sampler;
import io.paratune.space.Distribution;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The sampler fuzz: seeded random search spaces, histories and pending asks through the public API
 * ({@link Study#ask}, {@link Trial#suggest}, {@link Study#tell}, {@link Study#enqueue}, {@link
 * Study#addTrial}, {@link Study#optimize}), for every sampler with its default and main options ({@link
 * SamplerSetting#all()}) and every pruner. Each case asserts that
 *
 * <ul>
 *   <li>no call throws, and no sampler failed: the study contains a failing sampler by falling
 *       back, with a warning on {@code io.paratune.SamplerFallback}; every such warning fails the
 *       case (with the sampler's exception as the cause);
 *   <li>every proposed parameter is a member of its distribution, and its external value maps back
 *       to the same internal value;
 *   <li>1 to 16 pending asks (asked, not told) get distinct points where the space allows: the
 *       sampler promises diversity ({@link SamplerSetting#diverse()}) and the unconditional
 *       parameters include a continuous float with room for 2^40 values (for the GP, which keeps
 *       its joint proposals apart rather than drawing at random, also no conditional parameters,
 *       so that the asks suggest every parameter it proposes); or the sampler is the grid and
 *       every parameter is in each point. Not under Hyperband, whose brackets each see only their
 *       own trials (a point may run in two brackets, on other budgets);
 *   <li>the study keeps going: the pending trials are told, and further trials run, also on
 *       several threads at once.
 * </ul>
 *
 * <p>Histories hold COMPLETE trials with ordinary, constant, huge ({@code +-1e300}, {@code
 * +-Double.MAX_VALUE}), one-ulp-apart, tiny and duplicated values, PRUNED trials with intermediate
 * values (NaN and infinities among them), FAIL trials, enqueued duplicates of earlier points, trials added whole,
 * constraints, 1 to 3 objectives, and, in the first case of each fast sampler, well over a
 * thousand trials.
 *
 * <p>The CI mode runs {@value #DEFAULT_CASES} cases per sampler setting (a quarter of that for the
 * GP) from a fixed seed. {@code -Dparatune.fuzz.cases=N} runs N per setting, {@code
 * -Dparatune.fuzz.seed=S} another seed, {@code -Dparatune.fuzz.only=NAME} one setting, and {@code
 * -Dparatune.fuzz.only=NAME@SEED} the one case a failure names (see docs/dev/fuzz.md).
 */
class SamplerFuzzTest {
    static final int DEFAULT_CASES = 12;
    private static final int CASES = Integer.getInteger("paratune.fuzz.cases", DEFAULT_CASES);
    private static final long SEED = Long.getLong("paratune.fuzz.seed", 14L);
    private static final String ONLY = System.getProperty("paratune.fuzz.only", "");
    /** Trials of a long case: the first case of each setting that is not a GP (one in 25 in a long run). */
    private static final int LONG_TRIALS = 1500;

    private static final int LONG_EVERY = 25;

    private static final AtomicLong CASES_RUN = new AtomicLong();
    private static final AtomicLong TRIALS = new AtomicLong();
    private static final AtomicLong PENDING = new AtomicLong();
    private static final AtomicLong DISTINCT_CHECKS = new AtomicLong();
    private static final AtomicLong PRUNER_DECISIONS = new AtomicLong();
    private static final AtomicLong LONGEST = new AtomicLong();
    private static final Set<String> SETTINGS_RUN = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final Set<String> PRUNERS_RUN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Every pruner, with its defaults and main options; one per single-objective case, in turn. */
    private static final List<Map.Entry<String, Supplier<Pruner>>> PRUNERS = List.of(
            Map.entry("none", Pruners::none),
            Map.entry("median", Pruners::median),
            Map.entry("median(0,0,1,1)", () -> Pruners.median(0, 0, 1, 1)),
            Map.entry("percentile(25,1,1,2,1)", () -> Pruners.percentile(25, 1, 1, 2, 1)),
            Map.entry("threshold(-1,1,0,1)", () -> Pruners.threshold(-1, 1, 0, 1)),
            Map.entry("patient(2,0)", () -> Pruners.patient(2, 0)),
            Map.entry("patient(median,1,1e-3)", () -> Pruners.patient(Pruners.median(1, 0, 1, 1), 1, 1e-3)),
            Map.entry("successiveHalving", Pruners::successiveHalving),
            Map.entry("successiveHalving(1,2,1,1)", () -> Pruners.successiveHalving(1, 2, 1, 1)),
            Map.entry("hyperband(1,9,3)", () -> Pruners.hyperband(1, 9, 3)),
            Map.entry("hyperband(1,27,2)", () -> Pruners.hyperband(1, 27, 2)));

    @TestFactory
    Stream<DynamicTest> everySamplerSurvivesRandomSpacesAndHistories() {
        List<DynamicTest> tests = new ArrayList<>();
        List<SamplerSetting> settings = SamplerSetting.all();
        for (int s = 0; s < settings.size(); s++) {
            SamplerSetting setting = settings.get(s);
            int offset = s;
            int cases = setting.kind() == SamplerSetting.Kind.GP ? Math.max(1, CASES / 4) : CASES;
            for (int i = 0; i < cases; i++) {
                long caseSeed = mix(SEED ^ mix(setting.name().hashCode()) ^ mix(i + 1L));
                if (!selected(setting.name(), caseSeed)) {
                    continue;
                }
                int index = i;
                tests.add(DynamicTest.dynamicTest(
                        setting.name() + " #" + i + " seed " + caseSeed,
                        () -> new Case(setting, caseSeed, index, offset).run()));
            }
        }
        return tests.stream();
    }

    private static boolean selected(String name, long caseSeed) {
        if (ONLY.isEmpty()) {
            return true;
        }
        int at = ONLY.indexOf('@');
        return at < 0
                ? ONLY.equals(name)
                : ONLY.substring(0, at).equals(name) && Long.parseLong(ONLY.substring(at + 1)) == caseSeed;
    }

    @AfterAll
    static void summary() {
        System.out.printf(
                "Sampler fuzz: %d cases passed over %d sampler settings and %d pruners, %d trials (longest %d),"
                        + " %d pending asks (%d checked distinct), %d pruner decisions"
                        + " (seed %d, %d cases per setting; -Dparatune.fuzz.cases=N for more)%n",
                CASES_RUN.get(),
                SETTINGS_RUN.size(),
                PRUNERS_RUN.size(),
                TRIALS.get(),
                LONGEST.get(),
                PENDING.get(),
                DISTINCT_CHECKS.get(),
                PRUNER_DECISIONS.get(),
                SEED,
                CASES);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** One fuzz case: a random space, sampler settings, pruner, history and pending asks. */
    private static final class Case {
        private final SamplerSetting setting;
        private final long seed;
        private final SplittableRandom rnd;
        private final boolean longCase;
        private final List<Direction> directions = new ArrayList<>();
        private final int constraintCount;
        private final FuzzSpace space;
        private final String prunerName;
        private final Study study;
        private final FuzzValues values;
        private final List<Trial> open = new ArrayList<>();
        private boolean exhausted;
        private String stage = "setup";
        private int trials;

        Case(SamplerSetting setting, long seed, int index, int offset) {
            this.setting = setting;
            this.seed = seed;
            this.rnd = new SplittableRandom(seed);
            boolean gp = setting.kind() == SamplerSetting.Kind.GP;
            this.longCase = !gp && index % LONG_EVERY == 0;
            int objectives = rnd.nextInt(2) == 0 ? 1 : 2 + rnd.nextInt(2);
            for (int k = 0; k < objectives; k++) {
                directions.add(rnd.nextBoolean() ? Direction.MINIMIZE : Direction.MAXIMIZE);
            }
            this.constraintCount = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(3) : 0;
            this.space = FuzzSpace.random(rnd, setting.kind() == SamplerSetting.Kind.GRID, longCase || gp ? 3 : 5);
            // every pruner in turn, starting at another one per setting
            Map.Entry<String, Supplier<Pruner>> pruner =
                    objectives == 1 ? PRUNERS.get((index + offset) % PRUNERS.size()) : PRUNERS.get(0);
            this.prunerName = pruner.getKey();
            Sampler sampler = setting.factory().create(rnd.nextLong(), space, directions, rnd);
            this.study = Study.builder()
                    .name("fuzz-" + setting.name())
                    .directions(directions.toArray(Direction[]::new))
                    .sampler(sampler)
                    .pruner(pruner.getValue().get())
                    .create();
            this.values = new FuzzValues(rnd);
            this.trials =
                    longCase ? LONG_TRIALS : gp ? 2 + rnd.nextInt(24) : 1 + rnd.nextInt(rnd.nextBoolean() ? 30 : 150);
        }

        private String describe() {
            return setting.name() + " case seed " + seed + " (rerun with -Dparatune.fuzz.only=" + setting.name() + "@"
                    + seed + "): " + directions + ", " + constraintCount + " constraints, pruner " + prunerName + ", "
                    + trials + " trials, " + space + "; at " + stage;
        }

        void run() {
            try (SamplerWarnings warnings = SamplerWarnings.recordQuietly()) {
                try {
                    history();
                    pending();
                    keepGoing();
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError(describe() + ": " + e, e);
                }
                if (warnings.count() > 0) {
                    throw new AssertionError(
                            describe() + ": the sampler failed " + warnings.count() + " times: " + warnings.messages(),
                            warnings.causes().get(0));
                }
            }
            CASES_RUN.incrementAndGet();
            SETTINGS_RUN.add(setting.name());
            PRUNERS_RUN.add(prunerName);
            TRIALS.addAndGet(study.trials().size());
            LONGEST.accumulateAndGet(study.trials().size(), Math::max);
        }

        /** A new trial with every parameter suggested, or null when the sampler is exhausted. */
        private Trial askAndSuggest() {
            Trial t;
            try {
                t = study.ask();
            } catch (SamplerExhaustedException e) {
                if (setting.kind() != SamplerSetting.Kind.GRID) {
                    throw e;
                }
                exhausted = true;
                return null;
            }
            space.suggest(t);
            checkMembers(t);
            return t;
        }

        private void checkMembers(Trial t) {
            FrozenTrial snapshot = t.snapshot();
            Map<String, Object> external = t.params();
            snapshot.internalParams().forEach((name, internal) -> {
                Distribution d = snapshot.distributions().get(name);
                if (!d.contains(internal)) {
                    throw new AssertionError("trial " + t.number() + ": " + name + "=" + internal + " is outside " + d);
                }
                double back = d.toInternal(external.get(name));
                if (back != internal) {
                    throw new AssertionError("trial " + t.number() + ": " + name + "=" + external.get(name)
                            + " maps to " + back + ", not to its internal value " + internal);
                }
            });
        }

        private void history() {
            for (int i = 0; i < trials && !exhausted; i++) {
                stage = "history trial " + i;
                if (rnd.nextInt(12) == 0) {
                    study.enqueue(rnd.nextBoolean() ? space.randomPoint(rnd) : earlierPoint());
                }
                if (rnd.nextInt(12) == 0) {
                    addTrial();
                    continue;
                }
                Trial t = askAndSuggest();
                if (t == null) {
                    break;
                }
                if (open.size() < 16 && rnd.nextInt(10) == 0) {
                    open.add(t);
                } else {
                    finish(t);
                }
                if (!open.isEmpty() && rnd.nextInt(4) == 0) {
                    finish(open.remove(rnd.nextInt(open.size())));
                }
            }
        }

        /** Adds a trial evaluated elsewhere (COMPLETE, PRUNED or FAIL) at a random point of the space. */
        private void addTrial() {
            int r = rnd.nextInt(10);
            EvaluatedTrial.Builder b = r < 7
                    ? EvaluatedTrial.complete(values.values(directions.size()))
                    : r < 9 ? EvaluatedTrial.pruned() : EvaluatedTrial.failed("fuzz: added as failed");
            space.randomParams(b, rnd);
            if (directions.size() == 1 && rnd.nextBoolean()) {
                for (int step = 0, n = rnd.nextInt(5); step < n; step++) {
                    b.intermediateValue(step, values.intermediate());
                }
            }
            if (constraintCount > 0) {
                b.constraints(values.constraints(constraintCount));
            }
            study.addTrial(b.build());
        }

        /** The unconditional parameters (and branch) of an earlier trial, to enqueue again: a duplicate point. */
        private Map<String, Object> earlierPoint() {
            List<FrozenTrial> all = study.trials();
            Map<String, Object> out = new LinkedHashMap<>();
            if (all.isEmpty()) {
                return out;
            }
            FrozenTrial earlier = all.get(rnd.nextInt(all.size()));
            Set<String> names = space.fixedNames();
            earlier.params().forEach((name, value) -> {
                if (names.contains(name)) {
                    out.put(name, value);
                }
            });
            return out;
        }

        /** Reports intermediate values (asking the pruner each time), sets constraints, and tells a state. */
        private void finish(Trial t) {
            boolean prune = false;
            if (directions.size() == 1) {
                int steps = rnd.nextInt(10);
                int step = rnd.nextInt(3);
                for (int s = 0; s < steps && !prune; s++) {
                    t.report(step, values.intermediate());
                    prune = t.shouldPrune() && rnd.nextBoolean();
                    PRUNER_DECISIONS.incrementAndGet();
                    step += rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(3);
                }
            }
            if (constraintCount > 0 && rnd.nextInt(10) > 0) {
                t.setConstraints(values.constraints(constraintCount));
            }
            int r = rnd.nextInt(100);
            if (prune || r < 10) {
                study.tell(t, TrialState.PRUNED);
            } else if (r < 22) {
                study.tell(t, TrialState.FAIL);
            } else {
                study.tell(t, values.values(directions.size()));
            }
        }

        /** 1 to 16 asks left pending; distinct where the space allows. */
        private void pending() {
            stage = "claiming enqueued trials";
            while (true) {
                var waiting = study.askEnqueued();
                if (waiting.isEmpty()) {
                    break;
                }
                space.suggest(waiting.get());
                finish(waiting.get());
            }
            int count = 1 + rnd.nextInt(setting.kind() == SamplerSetting.Kind.GP ? 6 : 16);
            List<Map<String, Object>> points = new ArrayList<>();
            for (int k = 0; k < count && !exhausted; k++) {
                stage = "pending ask " + k + " of " + count;
                Trial t;
                try {
                    t = study.ask(space.topSpace());
                } catch (SamplerExhaustedException e) {
                    if (setting.kind() != SamplerSetting.Kind.GRID) {
                        throw e;
                    }
                    exhausted = true;
                    break;
                }
                checkMembers(t);
                open.add(t);
                points.add(t.params());
                PENDING.incrementAndGet();
            }
            // Hyperband shows the sampler only the current trial's bracket, so pending asks of other brackets
            // are not pending to it (as in Optuna): one point may run in two brackets, on other budgets.
            // The grid and the GP keep points distinct over all the parameters they propose, so the pending
            // asks must suggest them all (no branch parameters left out); random draws differ in any one.
            boolean allows = !prunerName.startsWith("hyperband")
                    && switch (setting.kind()) {
                        case GRID -> !space.hasBranches();
                        case GP -> !space.hasBranches() && space.roomy();
                        default -> setting.diverse() && space.roomy();
                    };
            if (allows && points.size() > 1) {
                DISTINCT_CHECKS.addAndGet(points.size());
                Set<Map<String, Object>> distinct = new HashSet<>(points);
                if (distinct.size() != points.size()) {
                    throw new AssertionError(
                            points.size() + " pending asks got " + distinct.size() + " distinct points: " + points);
                }
            }
        }

        /** Tells the pending trials, runs a few more, sometimes on three threads at once. */
        private void keepGoing() throws AssertionError {
            stage = "telling the pending trials";
            while (!open.isEmpty()) {
                finish(open.remove(rnd.nextInt(open.size())));
            }
            stage = "one more trial";
            Trial t = askAndSuggest();
            if (t != null) {
                finish(t);
            }
            if (exhausted || rnd.nextInt(6) > 0) {
                return;
            }
            stage = "parallel trials";
            int before = study.trials().size();
            long burstSeed = rnd.nextLong();
            OptimizeOptions options =
                    OptimizeOptions.builder().trials(6).parallelism(3).build();
            study.optimizeMulti(
                    trial -> {
                        SplittableRandom own = new SplittableRandom(burstSeed ^ mix(trial.number()));
                        space.suggest(trial);
                        checkMembers(trial);
                        if (directions.size() == 1 && own.nextInt(5) == 0) {
                            throw new TrialPrunedException();
                        }
                        double[] v = new double[directions.size()];
                        for (int k = 0; k < v.length; k++) {
                            v[k] = own.nextGaussian();
                        }
                        return v;
                    },
                    options);
            List<FrozenTrial> burst =
                    study.trials().subList(before, study.trials().size());
            for (FrozenTrial f : burst) {
                if (f.state() == TrialState.FAIL) {
                    throw new AssertionError("trial " + f.number() + " run by optimize failed: " + f.failureMessage());
                }
            }
        }
    }
}
