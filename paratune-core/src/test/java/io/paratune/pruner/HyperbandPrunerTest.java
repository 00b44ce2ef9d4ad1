package io.paratune.pruner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.FrozenTrial;
import io.paratune.Study;
import io.paratune.StudyView;
import io.paratune.Trial;
import io.paratune.TrialState;
import io.paratune.sampler.RandomSampler;
import io.paratune.sampler.Sampler;
import io.paratune.space.Distribution;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link Pruners#hyperband}: bracket assignment, per-bracket pruning and per-bracket sampling. */
class HyperbandPrunerTest {
    /** Optuna 3.1's {@code HyperbandPruner._get_bracket_id} for study "hb", trials 0..19, resources 1..81, eta 3. */
    private static final List<Integer> OPTUNA_HB = List.of(0, 1, 0, 3, 0, 0, 0, 1, 1, 1, 1, 0, 3, 3, 0, 0, 0, 2, 0, 0);
    /** The same for study "digits", resources 3..81, eta 3. */
    private static final List<Integer> OPTUNA_DIGITS =
            List.of(0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 2, 3, 0, 0, 0, 0, 0, 0, 2);

    static List<Integer> brackets(HyperbandPruner p, String study, int count) {
        return IntStream.range(0, count).mapToObj(n -> p.bracketOf(study, n)).toList();
    }

    @Test
    void bracketsAndTheirAssignmentMatchOptuna() {
        HyperbandPruner hb = (HyperbandPruner) Pruners.hyperband(1, 81, 3);
        assertThat(hb.bracketCount()).isEqualTo(5);
        assertThat(brackets(hb, "hb", 20)).isEqualTo(OPTUNA_HB);
        HyperbandPruner digits = (HyperbandPruner) Pruners.hyperband(3, 81, 3);
        assertThat(digits.bracketCount()).isEqualTo(4);
        assertThat(brackets(digits, "digits", 20)).isEqualTo(OPTUNA_DIGITS);
        assertThat(((HyperbandPruner) Pruners.hyperband(5, 5, 2)).bracketCount())
                .isEqualTo(1);
        assertThat(((HyperbandPruner) Pruners.hyperband(1, 80, 3)).bracketCount())
                .isEqualTo(4);
    }

    @Test
    void anotherJvmAssignsTheSameBrackets() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        BracketPrinter.class.getName(),
                        "hb",
                        "200")
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        HyperbandPruner hb = (HyperbandPruner) Pruners.hyperband(1, 81, 3);
        assertThat(out).isEqualTo(brackets(hb, "hb", 200).toString());
    }

    /** Prints the brackets of trials 0..n-1 of a study for Hyperband(1, 81, 3); run in another JVM. */
    static final class BracketPrinter {
        public static void main(String[] args) {
            HyperbandPruner hb = (HyperbandPruner) Pruners.hyperband(1, 81, 3);
            System.out.println(brackets(hb, args[0], Integer.parseInt(args[1])));
        }
    }

    @Test
    void eachBracketHalvesOnItsOwnRungs() {
        // study "hb": trials 0 and 2 are in bracket 0 (first rung at step 1), trial 1 in bracket 1 (step 3)
        Study study = Study.builder()
                .name("hb")
                .sampler(RandomSampler.seeded(0))
                .pruner(Pruners.hyperband(1, 81, 3))
                .create();
        Trial t0 = study.ask();
        Trial t1 = study.ask();
        Trial t2 = study.ask();
        t0.report(1, 0.1);
        assertThat(t0.shouldPrune()).isFalse();
        t2.report(1, 0.5);
        assertThat(t2.shouldPrune()).as("behind trial 0 in bracket 0").isTrue();
        t1.report(1, 9.0);
        assertThat(t1.shouldPrune()).as("bracket 1 judges from step 3 on").isFalse();
        t1.report(3, 9.0);
        assertThat(t1.shouldPrune())
                .as("first at bracket 1's rung, whatever bracket 0 holds")
                .isFalse();
        assertThat(t0.snapshot().systemAttributes()).containsOnlyKeys("hyperband:bracket_0:rung_0");
        assertThat(t1.snapshot().systemAttributes()).containsOnlyKeys("hyperband:bracket_1:rung_0");
    }

    @Test
    void theSamplerSeesOnlyTheTrialsOfTheBracket() {
        HyperbandPruner hb = (HyperbandPruner) Pruners.hyperband(1, 81, 3);
        List<List<Integer>> seen = new ArrayList<>();
        Sampler recording = new Sampler() {
            @Override
            public double sampleIndependent(StudyView study, FrozenTrial trial, String name, Distribution d) {
                seen.add(study.trials().stream().map(FrozenTrial::number).toList());
                assertThat(study.currentTrialNumber()).isEqualTo(trial.number());
                return d.fromUnit(0.5);
            }
        };
        Study study = Study.builder().name("hb").sampler(recording).pruner(hb).create();
        for (int i = 0; i < 20; i++) {
            Trial t = study.ask();
            t.suggestFloat("x", 0, 1);
            study.tell(t, i);
        }
        for (int n = 0; n < 20; n++) {
            int bracket = OPTUNA_HB.get(n);
            List<Integer> sameBracketSoFar = IntStream.rangeClosed(0, n)
                    .filter(m -> OPTUNA_HB.get(m) == bracket)
                    .boxed()
                    .toList();
            assertThat(seen.get(n)).as("trial %d", n).isEqualTo(sameBracketSoFar);
        }
        assertThat(study.trials(TrialState.COMPLETE)).hasSize(20);
    }

    @Test
    void nanIsPrunedInEveryBracket() {
        Study study = Study.builder()
                .name("hb")
                .sampler(RandomSampler.seeded(0))
                .pruner(Pruners.hyperband(1, 81, 3))
                .create();
        for (int i = 0; i < 4; i++) {
            Trial t = study.ask();
            t.report(0, Double.NaN);
            assertThat(t.shouldPrune()).as("trial %d", i).isTrue();
            assertThat(t.snapshot().systemAttributes()).isEqualTo(Map.of());
        }
    }

    @Test
    void badOptionsNameFieldValueAndFix() {
        assertThatThrownBy(() -> Pruners.hyperband(0, 81, 3)).hasMessageContaining("minResource=0");
        assertThatThrownBy(() -> Pruners.hyperband(10, 9, 3))
                .hasMessage("hyperband: maxResource=9 < minResource=10;"
                        + " give the steps of a fully trained trial, at least minResource");
        assertThatThrownBy(() -> Pruners.hyperband(1, 81, 1)).hasMessageContaining("reductionFactor=1");
    }
}
