package io.paratune.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.Direction;
import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.sampler.cmaes.CmaEsSampler;
import io.paratune.sampler.gp.GpSampler;
import io.paratune.sampler.nsga.NsgaIISampler;
import io.paratune.sampler.tpe.TpeSampler;
import io.paratune.space.FloatDistribution;
import io.paratune.space.SearchSpace;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Defaults a user can predict: every builder refuses a second setting, every create() seeds from entropy. */
class SamplerDefaultsTest {
    private static final SearchSpace SPACE =
            SearchSpace.of(FloatDistribution.of("x", 0, 1), FloatDistribution.of("y", 0, 1));

    @Test
    void everyBuilderRefusesASecondSettingWithOneMessage() {
        List<Runnable> twice = List.of(
                () -> TpeSampler.builder().seed(1).seed(2),
                () -> TpeSampler.builder().startupTrials(5).startupTrials(5),
                () -> CmaEsSampler.builder().seed(1).seed(2),
                () -> CmaEsSampler.builder().sigma0(0.2).sigma0(0.3),
                () -> NsgaIISampler.builder().seed(1).seed(2),
                () -> NsgaIISampler.builder().populationSize(10).populationSize(20),
                () -> GpSampler.builder().seed(1).seed(2),
                () -> QmcSampler.builder().seed(1).seed(2),
                () -> AutoSampler.builder().seed(1).seed(2),
                () -> Study.builder().name("a").name("b"));
        for (Runnable r : twice) {
            assertThatThrownBy(r::run)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageMatching("(seed|startupTrials|sigma0|populationSize|name) was already set to"
                            + " \\w+(\\.\\d+)?; set it once");
        }
        assertThatThrownBy(() -> TpeSampler.builder().seed(1).seed(2))
                .hasMessage("seed was already set to 1; set it once");
    }

    @ParameterizedTest
    @ValueSource(strings = {"random", "tpe", "cmaes", "nsga2", "gp", "qmc", "auto"})
    void createSeedsFromEntropyAndSeededReproduces(String name) {
        Map<String, Supplier<Sampler>> create = Map.of(
                "random",
                RandomSampler::create,
                "tpe",
                TpeSampler::create,
                "cmaes",
                CmaEsSampler::create,
                "nsga2",
                NsgaIISampler::create,
                "gp",
                GpSampler::create,
                "qmc",
                QmcSampler::create,
                "auto",
                AutoSampler::create);
        Map<String, LongFunction<Sampler>> seeded = Map.of(
                "random",
                RandomSampler::seeded,
                "tpe",
                TpeSampler::seeded,
                "cmaes",
                CmaEsSampler::seeded,
                "nsga2",
                NsgaIISampler::seeded,
                "gp",
                GpSampler::seeded,
                "qmc",
                QmcSampler::seeded,
                "auto",
                AutoSampler::seeded);
        assertThat(firstPoint(create.get(name).get()))
                .as("two create() samplers propose different first points")
                .isNotEqualTo(firstPoint(create.get(name).get()));
        assertThat(firstPoint(seeded.get(name).apply(7)))
                .as("one seed, one first point")
                .isEqualTo(firstPoint(seeded.get(name).apply(7)));
    }

    @Test
    void theGpProposesTheSameOnOneThreadAsOnSeveral() {
        List<Map<String, Object>> one =
                run(GpSampler.builder().seed(3).threads(1).build());
        List<Map<String, Object>> four =
                run(GpSampler.builder().seed(3).threads(4).build());
        assertThat(four).isEqualTo(one);
        assertThatThrownBy(() -> GpSampler.builder().threads(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threads=0 must be >= 1");
    }

    private static List<Map<String, Object>> run(Sampler sampler) {
        Study study =
                Study.builder().sampler(sampler).directions(Direction.MINIMIZE).create();
        List<Map<String, Object>> points = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Trial t = study.ask(SPACE);
            double x = (double) t.params().get("x");
            double y = (double) t.params().get("y");
            study.tell(t, (x - 0.3) * (x - 0.3) + (y - 0.7) * (y - 0.7));
            points.add(t.params());
        }
        return points;
    }

    private static Map<String, Object> firstPoint(Sampler sampler) {
        Study study =
                Study.builder().sampler(sampler).directions(Direction.MINIMIZE).create();
        Trial t = study.ask(SPACE);
        return t.params();
    }
}
