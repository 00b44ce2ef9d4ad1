package io.paratune.sampler.gp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrustRegionTest {

    @Test
    void aBatchIsAsLargeAsTheMostTrialsSeenRunningAtOnce() {
        TrustRegion region = new TrustRegion();
        region.seen(0, 10);
        for (int running = 1; running <= 8; running++) {
            region.running(running);
        }
        // 8 trials finish without improving: one failed batch of 8; with d = 8 the tolerance is one batch
        for (int t = 1; t <= 7; t++) {
            region.finished(t, 11, 8);
        }
        assertThat(region.length).isEqualTo(TrustRegion.LENGTH_INIT);
        region.finished(8, 11, 8);
        assertThat(region.length).isEqualTo(TrustRegion.LENGTH_INIT / 2);
    }

    @Test
    void threeImprovingBatchesDoubleTheLengthUpToItsMaximum() {
        TrustRegion region = new TrustRegion();
        region.seen(0, 100);
        double loss = 100;
        int number = 1;
        for (int batch = 0; batch < 9; batch++) {
            region.running(2);
            loss -= 1;
            region.finished(number++, loss, 4);
            region.finished(number++, loss + 50, 4);
        }
        assertThat(region.length).isEqualTo(TrustRegion.LENGTH_MAX);
    }

    @Test
    void anImprovementSmallerThanATenthOfAPercentCountsAsNone() {
        TrustRegion region = new TrustRegion();
        region.seen(0, 1000);
        region.running(1);
        for (int t = 1; t <= 4; t++) {
            region.finished(t, 1000 - 0.5 * t / 4, 2);
        }
        assertThat(region.length).isEqualTo(TrustRegion.LENGTH_INIT / 2);
    }

    @Test
    void failureToleranceIsTurbosCeilingOfMaxFourAndDOverQ() {
        assertThat(TrustRegion.failureTolerance(1, 2)).isEqualTo(4);
        assertThat(TrustRegion.failureTolerance(1, 20)).isEqualTo(20);
        assertThat(TrustRegion.failureTolerance(8, 20)).isEqualTo(3);
        assertThat(TrustRegion.failureTolerance(50, 20)).isEqualTo(1);
    }

    @Test
    void aCollapsedRegionRestartsAndIgnoresTrialsFromBeforeTheRestart() {
        TrustRegion region = new TrustRegion();
        region.seen(0, 1);
        int number = 1;
        while (!region.collapsed()) {
            region.running(1);
            region.finished(number++, 5, 1);
        }
        assertThat(number - 1).isEqualTo(4 * 7); // seven halvings of 0.8 to below 2^-7, four failures each
        region.restart(number + 3);
        assertThat(region.length).isEqualTo(TrustRegion.LENGTH_INIT);
        assertThat(region.restarts).isEqualTo(1);
        // trials started before the restart finish later: they neither shrink nor grow the new region
        for (int t = number; t < number + 3; t++) {
            region.finished(t, 5, 1);
        }
        assertThat(region.length).isEqualTo(TrustRegion.LENGTH_INIT);
    }
}
