package io.paratune.sampler.gp;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.space.CategoricalDistribution;
import io.paratune.space.FloatDistribution;
import io.paratune.space.IntDistribution;
import io.paratune.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpSamplerTrustRegionTest {
    private static final SearchSpace SPACE =
            SearchSpace.of(FloatDistribution.of("x", -5, 5), FloatDistribution.of("y", -5, 5));

    private static double sphere(Trial t) {
        double x = (Double) t.params().get("x") - 1.3;
        double y = (Double) t.params().get("y") + 2.1;
        return x * x + y * y;
    }

    @Test
    void aLargeStudyProposesInsideTheTrustRegionAroundItsBestTrial() {
        GpSampler sampler = GpSampler.builder().seed(5).trustRegionAbove(20).build();
        Study study = Study.builder().name("tr").sampler(sampler).create();
        for (int i = 0; i < 20; i++) {
            Trial t = study.ask(SPACE);
            study.tell(t, sphere(t));
        }
        // 16 proposals that do not improve: with d = 2 and one trial at a time the region halves every 4
        for (int i = 0; i < 16; i++) {
            Trial t = study.ask(SPACE);
            study.tell(t, 1000.0);
        }
        TrustRegion region = sampler.trustRegion("tr");
        assertThat(region).isNotNull();
        Trial next = study.ask(SPACE); // counts the last failure
        study.tell(next, 1000.0);
        assertThat(region.length).isEqualTo(TrustRegion.LENGTH_INIT / 16);
        double[] best = {
            ((Double) study.bestTrial().params().get("x") + 5) / 10,
            ((Double) study.bestTrial().params().get("y") + 5) / 10
        };
        List<Trial> batch = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            batch.add(study.ask(SPACE));
        }
        SpaceEncoding enc = new SpaceEncoding(GpSampler.intersection(study.trials(io.paratune.TrialState.COMPLETE)));
        double[] half = LocalProposals.halfWidths(
                sampler.localModel("tr").hyperparameters().lengthscales(), region.length, enc);
        for (Trial t : batch) {
            double x = ((Double) t.params().get("x") + 5) / 10;
            double y = ((Double) t.params().get("y") + 5) / 10;
            assertThat(Math.abs(x - best[0])).as("x of trial %d", t.number()).isLessThanOrEqualTo(half[0] + 1e-9);
            assertThat(Math.abs(y - best[1])).as("y of trial %d", t.number()).isLessThanOrEqualTo(half[1] + 1e-9);
        }
        assertThat(batch.stream().map(Trial::params).distinct()).hasSize(6);
    }

    @Test
    void aStudyThatNeverImprovesRestartsItsRegionAndKeepsProposingValidPoints() {
        GpSampler sampler = GpSampler.builder().seed(6).trustRegionAbove(12).build();
        Study study = Study.builder().name("flat").sampler(sampler).create();
        SearchSpace mixed = SearchSpace.of(
                FloatDistribution.of("x", -5, 5),
                IntDistribution.of("n", 0, 3),
                CategoricalDistribution.of("kind", List.of("a", "b", "c")));
        for (int i = 0; i < 60; i++) {
            Trial t = study.ask(mixed);
            assertThat((Double) t.params().get("x")).isBetween(-5.0, 5.0);
            assertThat(((Number) t.params().get("n")).longValue()).isBetween(0L, 3L);
            assertThat(t.params().get("kind")).isIn("a", "b", "c");
            study.tell(t, i < 11 ? i : 100.0);
        }
        assertThat(sampler.trustRegion("flat").restarts).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aLargeStudyBelowTheThresholdKeepsTheGlobalModel() {
        GpSampler sampler = GpSampler.builder().seed(7).build();
        Study study = Study.builder().name("small").sampler(sampler).create();
        for (int i = 0; i < 25; i++) {
            Trial t = study.ask(SPACE);
            study.tell(t, sphere(t));
        }
        assertThat(sampler.trustRegion("small")).isNull();
    }

    @Test
    void theLocalObservationsAreChosenOncePerSetOfObservationsWhateverTheLatestLengthscales() {
        Study study = Study.builder().name("sel").sampler(GpSampler.seeded(1)).create();
        for (int i = 0; i < 60; i++) {
            Trial t = study.ask(SPACE);
            study.tell(t, sphere(t));
        }
        List<io.paratune.FrozenTrial> since = study.trials(io.paratune.TrialState.COMPLETE);
        SpaceEncoding enc = new SpaceEncoding(GpSampler.intersection(since));
        GpStudyState state = new GpStudyState();
        TrustRegion region = new TrustRegion();
        region.length = 0.1;
        double[] centre = {0.6, 0.3};
        // lengthscales that make the box long in x, then long in y: different points inside it
        List<io.paratune.FrozenTrial> first =
                LocalProposals.localObservations(state, region, enc, since, centre, new double[] {1.0, 0.01});
        List<io.paratune.FrozenTrial> again =
                LocalProposals.localObservations(state, region, enc, since, centre, new double[] {0.01, 1.0});
        assertThat(again).isSameAs(first);
        // a new observation, or a new region size, chooses again
        region.length = 0.05;
        List<io.paratune.FrozenTrial> smaller =
                LocalProposals.localObservations(state, region, enc, since, centre, new double[] {0.01, 1.0});
        assertThat(smaller).isNotSameAs(first);
        List<io.paratune.FrozenTrial> fewer = LocalProposals.localObservations(
                state, region, enc, since.subList(1, since.size()), centre, new double[] {0.01, 1.0});
        assertThat(fewer).isNotSameAs(smaller).doesNotContain(since.get(0));
    }
}
