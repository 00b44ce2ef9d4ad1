package io.paratune.sampler.gp;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.Study;
import io.paratune.Trial;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpSamplerInputWarpingTest {

    /**
     * A learning rate given on a linear scale over [1e-4, 1] (the user left out {@code log}), whose
     * loss depends on its logarithm, with the optimum at 1e-3 in the lowest thousandth of the
     * range, beside a second, ordinary input.
     */
    private static double loss(Trial t) {
        double lr = t.suggestFloat("lr", 1e-4, 1);
        double w = t.suggestFloat("w", 0, 1);
        double u = Math.log10(lr) + 3;
        return u * u + (w - 0.3) * (w - 0.3);
    }

    private static double best(boolean warp, long seed) {
        Study study = Study.builder()
                .sampler(GpSampler.builder().seed(seed).inputWarping(warp).build())
                .create();
        study.optimize(GpSamplerInputWarpingTest::loss, 40, 1);
        return study.bestValue();
    }

    /** Without warping the model stays at the range's low end (best 1.0 on 3 of these 4 seeds). */
    @Test
    void aWarpedModelFindsTheOptimumOfAnInputOnTheWrongScale() {
        List<String> seen = new ArrayList<>();
        int warpedAhead = 0;
        int warpedNear = 0;
        for (long seed = 0; seed < 4; seed++) {
            double warped = best(true, seed);
            double plain = best(false, seed);
            seen.add(String.format("seed %d: warped %.4g, plain %.4g", seed, warped, plain));
            warpedAhead += warped < plain ? 1 : 0;
            warpedNear += warped < 0.1 ? 1 : 0;
        }
        assertThat(warpedAhead).as("%s", seen).isGreaterThanOrEqualTo(3);
        assertThat(warpedNear)
                .as("within a fifth of a decade of the optimum: %s", seen)
                .isEqualTo(4);
    }
}
