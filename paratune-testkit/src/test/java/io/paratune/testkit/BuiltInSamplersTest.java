package io.paratune.testkit;

import io.paratune.bo.GpFitOptions;
import io.paratune.sampler.AutoSampler;
import io.paratune.sampler.GridSampler;
import io.paratune.sampler.QmcSampler;
import io.paratune.sampler.RandomSampler;
import io.paratune.sampler.Sampler;
import io.paratune.sampler.cmaes.CmaEsSampler;
import io.paratune.sampler.gp.GpSampler;
import io.paratune.sampler.nsga.NsgaIISampler;
import io.paratune.sampler.tpe.TpeSampler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;

/** Every built-in sampler, in the settings worth checking apart, against the sampler contract. */
class BuiltInSamplersTest {

    @Nested
    class Random extends SamplerContract {
        @Override
        protected Sampler newSampler(long seed) {
            return RandomSampler.seeded(seed);
        }
    }

    @Nested
    class Tpe extends SamplerContract {
        @Override
        protected Sampler newSampler(long seed) {
            return TpeSampler.seeded(seed);
        }
    }

    @Nested
    class TpeUnivariate extends SamplerContract {
        @Override
        protected Sampler newSampler(long seed) {
            return TpeSampler.builder().seed(seed).multivariate(false).build();
        }
    }

    @Nested
    class TpeGroup extends SamplerContract {
        @Override
        protected Sampler newSampler(long seed) {
            return TpeSampler.builder().seed(seed).group(true).build();
        }
    }

    @Nested
    class CmaEs extends SamplerContract {
        @Override
        protected Sampler newSampler(long seed) {
            return CmaEsSampler.seeded(seed);
        }
    }

    @Nested
    class CmaEsWithMarginAndIpop extends SamplerContract {
        @Override
        protected Sampler newSampler(long seed) {
            return CmaEsSampler.builder()
                    .seed(seed)
                    .withMargin(true)
                    .restart(CmaEsSampler.Restart.IPOP)
                    .build();
        }
    }

    @Nested
    class NsgaII extends SamplerContract {
        @Override
        protected Sampler newSampler(long seed) {
            return NsgaIISampler.builder().seed(seed).populationSize(4).build();
        }
    }

    @Nested
    class NsgaIII extends SamplerContract {
        @Override
        protected Sampler newSampler(long seed) {
            return NsgaIISampler.builder()
                    .seed(seed)
                    .populationSize(4)
                    .nsgaIII(2)
                    .build();
        }
    }

    @Nested
    class Gp extends SamplerContract {
        @Override
        protected Sampler newSampler(long seed) {
            return GpSampler.seeded(seed);
        }
    }

    @Nested
    class GpQuadraticMeanExploiting extends SamplerContract {
        @Override
        protected Sampler newSampler(long seed) {
            return GpSampler.builder()
                    .seed(seed)
                    .fitOptions(
                            GpFitOptions.defaults().withFixedNoise().withPriorMean(GpFitOptions.PriorMean.QUADRATIC))
                    .exploitation(0.875)
                    .build();
        }
    }

    @Nested
    class Qmc extends SamplerContract {
        @Override
        protected Sampler newSampler(long seed) {
            return QmcSampler.seeded(seed);
        }
    }

    @Nested
    class Auto extends SamplerContract {
        @Override
        protected Sampler newSampler(long seed) {
            return AutoSampler.seeded(seed);
        }
    }

    @Nested
    class Grid extends SamplerContract {
        @Override
        protected Sampler newSampler(long seed) {
            return GridSampler.of(
                    Map.of(
                            "x", List.of(-5.0, 0.0, 5.0),
                            "lr", List.of(1e-5, 1e-3, 1.0),
                            "dropout", List.of(0.0, 0.2, 0.5),
                            "layers", List.of(1, 4, 8),
                            "units", List.of(16, 128, 1024),
                            "act", List.of("relu", "tanh", "gelu")),
                    seed);
        }
    }
}
