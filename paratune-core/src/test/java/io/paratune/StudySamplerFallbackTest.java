package io.paratune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.sampler.RandomSampler;
import io.paratune.sampler.Sampler;
import io.paratune.space.CategoricalDistribution;
import io.paratune.space.Distribution;
import io.paratune.space.FloatDistribution;
import io.paratune.space.IntDistribution;
import io.paratune.space.SearchSpace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A sampler that throws never takes the study down: the study falls back to independent, then
 * uniform sampling, with one warning per failure naming the sampler and the cause. The samplers
 * here stand in for a user's plug-in with a bug.
 */
class StudySamplerFallbackTest {

    private static final SearchSpace SPACE = SearchSpace.of(
            FloatDistribution.of("x", -1, 1),
            IntDistribution.of("n", 0, 2),
            CategoricalDistribution.of("c", List.of("a", "b")));

    /** Proposes jointly over {@link #SPACE} and fails where told to. */
    private static class BrokenSampler implements Sampler {
        private final String failIn;
        private final RandomSampler random = RandomSampler.seeded(1);

        BrokenSampler(String failIn) {
            this.failIn = failIn;
        }

        @Override
        public boolean reservesParams() {
            return failIn.equals("reserveParams");
        }

        @Override
        public Map<String, Object> reserveParams(StudyView study) {
            throw new ArrayIndexOutOfBoundsException("Index 4609 out of bounds for length 4609");
        }

        @Override
        public SearchSpace relativeSearchSpace(StudyView study, FrozenTrial trial) {
            if (failIn.equals("relativeSearchSpace")) {
                throw new IllegalStateException("no space today");
            }
            return SPACE;
        }

        @Override
        public Map<String, Double> sampleRelative(StudyView study, FrozenTrial trial, SearchSpace space) {
            return switch (failIn) {
                case "sampleRelative" -> throw new IllegalArgumentException("reference Infinity is not finite");
                case "outsideRelative" -> Map.of("x", 5.0, "n", 1.0, "c", 0.0);
                case "nullRelative" -> null;
                default -> Map.of("x", 0.25, "n", 1.0, "c", 1.0);
            };
        }

        @Override
        public double sampleIndependent(StudyView study, FrozenTrial trial, String name, Distribution d) {
            return switch (failIn) {
                case "sampleIndependent" -> throw new NullPointerException("lost a column");
                case "outsideIndependent" -> d instanceof CategoricalDistribution ? 7.0 : Double.NaN;
                default -> random.sampleIndependent(study, trial, name, d);
            };
        }

        @Override
        public void afterTrial(StudyView study, FrozenTrial trial) {
            if (failIn.equals("afterTrial")) {
                throw new UnsupportedOperationException("cannot clean up");
            }
        }
    }

    private static Study study(Sampler sampler) {
        return Study.builder().name("fallback").sampler(sampler).create();
    }

    private static void assertMembers(FrozenTrial t) {
        assertThat(t.internalParams().keySet()).containsExactlyInAnyOrder("x", "n", "c");
        t.internalParams()
                .forEach((name, v) -> assertThat(SPACE.get(name).contains(v))
                        .as("%s=%s", name, v)
                        .isTrue());
    }

    @Test
    void aFailingJointProposalFallsBackToIndependentSamplingWithAWarning() {
        for (String failIn : List.of("relativeSearchSpace", "sampleRelative", "nullRelative")) {
            try (SamplerWarnings warnings = SamplerWarnings.recordQuietly()) {
                Study study = study(new BrokenSampler(failIn));
                study.optimize(
                        t -> t.suggestFloat("x", -1, 1)
                                + t.suggestInt("n", 0, 2)
                                + t.suggestCategorical("c", List.of("a", "b")).length(),
                        5);
                assertThat(study.trials()).as(failIn).hasSize(5).allSatisfy(t -> {
                    assertThat(t.state()).isEqualTo(TrialState.COMPLETE);
                    assertMembers(t);
                });
                assertThat(warnings.messages())
                        .as(failIn)
                        .hasSize(5)
                        .allSatisfy(m -> assertThat(m)
                                .contains(
                                        "Sampler BrokenSampler failed in relativeSearchSpace/sampleRelative for trial")
                                .contains("of study 'fallback'")
                                .contains("sampled independently"));
            }
        }
    }

    @Test
    void theWarningNamesTheCauseAndCarriesTheException() {
        try (SamplerWarnings warnings = SamplerWarnings.recordQuietly()) {
            Study study = study(new BrokenSampler("sampleRelative"));
            Trial t = study.ask(SPACE);
            assertMembers(t.snapshot());
            assertThat(warnings.messages())
                    .singleElement()
                    .asString()
                    .contains("trial 0")
                    .contains("IllegalArgumentException: reference Infinity is not finite");
            assertThat(warnings.causes()).singleElement().isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void jointProposalsOutsideTheirDistributionsAreDroppedAndSampledIndependently() {
        try (SamplerWarnings warnings = SamplerWarnings.recordQuietly()) {
            Study study = study(new BrokenSampler("outsideRelative"));
            Trial t = study.ask(SPACE);
            assertMembers(t.snapshot());
            assertThat(t.params()).containsEntry("n", 1L).containsEntry("c", "a");
            assertThat((Double) t.params().get("x")).isBetween(-1.0, 1.0);
            assertThat(warnings.messages())
                    .singleElement()
                    .asString()
                    .contains("x=5.0")
                    .contains("outside");
        }
    }

    @Test
    void aFailingIndependentProposalFallsBackToUniformSamplingWithAWarning() {
        for (String failIn : List.of("sampleIndependent", "outsideIndependent")) {
            try (SamplerWarnings warnings = SamplerWarnings.recordQuietly()) {
                Study study = study(new BrokenSampler(failIn));
                for (int i = 0; i < 4; i++) {
                    Trial t = study.ask();
                    t.suggestFloat("y", 1e-3, 1, true);
                    t.suggestInt("k", 3, 9, 3);
                    t.suggestCategorical("d", List.of(true, false));
                    study.tell(t, 1.0);
                }
                assertThat(study.trials(TrialState.COMPLETE))
                        .as(failIn)
                        .hasSize(4)
                        .allSatisfy(t -> {
                            assertThat((Double) t.param("y")).isBetween(1e-3, 1.0);
                            assertThat((Long) t.param("k")).isIn(3L, 6L, 9L);
                            assertThat(t.param("d")).isIn(true, false);
                        });
                assertThat(warnings.messages())
                        .as(failIn)
                        .hasSize(12)
                        .allSatisfy(m -> assertThat(m)
                                .contains("Sampler BrokenSampler failed in sampleIndependent for parameter '")
                                .contains("sampled uniformly at random"));
            }
        }
    }

    @Test
    void aFailingReservationStartsTheTrialWithoutReservedParameters() {
        try (SamplerWarnings warnings = SamplerWarnings.recordQuietly()) {
            Study study = study(new BrokenSampler("reserveParams"));
            study.optimize(t -> t.suggestFloat("x", -1, 1), 3);
            assertThat(study.trials(TrialState.COMPLETE)).hasSize(3);
            assertThat(warnings.messages())
                    .hasSize(3)
                    .allSatisfy(m -> assertThat(m)
                            .contains("failed in reserveParams for a new trial")
                            .contains("ArrayIndexOutOfBoundsException"));
        }
    }

    @Test
    void aFailingAfterTrialHookIsWarnedAndTheTrialKept() {
        try (SamplerWarnings warnings = SamplerWarnings.recordQuietly()) {
            Study study = study(new BrokenSampler("afterTrial"));
            study.optimize(t -> t.suggestFloat("x", -1, 1), 2);
            assertThat(study.trials(TrialState.COMPLETE)).hasSize(2);
            assertThat(warnings.messages())
                    .hasSize(2)
                    .allSatisfy(m -> assertThat(m).contains("failed in afterTrial"));
        }
    }

    @Test
    void anExhaustedSamplerStillEndsTheStudyAndAConfigurationErrorStillReachesTheCaller() {
        Sampler exhausted = new BrokenSampler("") {
            @Override
            public boolean reservesParams() {
                return true;
            }

            @Override
            public Map<String, Object> reserveParams(StudyView study) {
                throw new SamplerExhaustedException("every point was handed out");
            }
        };
        Sampler misconfigured = new BrokenSampler("") {
            @Override
            public SearchSpace relativeSearchSpace(StudyView study, FrozenTrial trial) {
                throw new SamplerConfigurationException("4 objectives for EHVI; use CHEBYSHEV");
            }
        };
        try (SamplerWarnings warnings = SamplerWarnings.recordQuietly()) {
            Study a = study(exhausted);
            a.optimize(t -> 1.0, 10);
            assertThat(a.trials()).isEmpty();
            assertThatThrownBy(a::ask).isInstanceOf(SamplerExhaustedException.class);
            Study b =
                    Study.builder().name("misconfigured").sampler(misconfigured).create();
            assertThatThrownBy(b::ask)
                    .isInstanceOf(SamplerConfigurationException.class)
                    .hasMessageContaining("EHVI");
            assertThat(b.trials()).singleElement().satisfies(t -> {
                assertThat(t.state()).isEqualTo(TrialState.FAIL);
                assertThat(t.failureMessage()).contains("EHVI");
            });
            assertThat(warnings.count()).isZero();
        }
    }
}
