package io.paratune.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.SamplerWarnings;
import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.TrialState;
import io.paratune.sampler.cmaes.CmaEsSampler;
import io.paratune.sampler.gp.GpSampler;
import io.paratune.sampler.nsga.NsgaIISampler;
import io.paratune.sampler.tpe.TpeSampler;
import io.paratune.space.FloatDistribution;
import io.paratune.space.IntDistribution;
import io.paratune.space.SearchSpace;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Model-based samplers on log ranges a few ulps wide (whose bounds' logs are equal, so that log
 * space mapped their members to NaN: GP inputs and CMA-ES covariances broke on it), next to a range
 * near the largest double and a huge integer range.
 */
class NarrowRangesTest {

    private static final SearchSpace SPACE = SearchSpace.of(
            FloatDistribution.logScale("a", 1e-4, Math.nextUp(1e-4)),
            FloatDistribution.logScale("b", 1e6, Math.nextUp(Math.nextUp(1e6))),
            FloatDistribution.of("c", -Double.MAX_VALUE / 2, Double.MAX_VALUE / 2),
            IntDistribution.logScale("d", 1, Integer.MAX_VALUE));

    @Test
    void modelBasedSamplersProposeMembersWithoutFailing() {
        List<Supplier<Sampler>> samplers = List.of(
                () -> GpSampler.builder().seed(1).initialTrials(3).build(),
                () -> CmaEsSampler.builder().seed(1).populationSize(3).build(),
                () -> CmaEsSampler.builder()
                        .seed(1)
                        .populationSize(3)
                        .withMargin(true)
                        .build(),
                () -> TpeSampler.builder().seed(1).startupTrials(3).build(),
                () -> NsgaIISampler.builder().seed(1).populationSize(3).build(),
                () -> QmcSampler.seeded(1));
        for (Supplier<Sampler> sampler : samplers) {
            try (SamplerWarnings warnings = SamplerWarnings.recordQuietly()) {
                Study study = Study.builder().sampler(sampler.get()).create();
                for (int i = 0; i < 16; i++) {
                    Trial t = study.ask(SPACE);
                    study.tell(
                            t,
                            (Double) t.params().get("a") * 1e4
                                    + (Long) t.params().get("d") % 7);
                }
                assertThat(study.trials(TrialState.COMPLETE))
                        .hasSize(16)
                        .allSatisfy(t -> t.internalParams()
                                .forEach((name, v) ->
                                        assertThat(SPACE.get(name).contains(v)).isTrue()));
                assertThat(warnings.messages()).as("%s", study.sampler()).isEmpty();
            }
        }
    }
}
