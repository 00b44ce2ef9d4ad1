package io.paratune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void medianOfOddAndEvenCountsLeavesTheInputUnsorted() {
        double[] odd = {5, 1, 3};
        assertThat(Stats.median(odd)).isEqualTo(3);
        assertThat(odd).containsExactly(5, 1, 3);
        assertThat(Stats.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(Stats.median(new double[0])).isNaN();
    }

    @Test
    void percentileInterpolatesLikeNumpy() {
        long[] sorted = {10, 20, 30, 40};
        // numpy.percentile([10, 20, 30, 40], [0, 50, 99, 100]) = 10, 25, 39.7, 40
        assertThat(Stats.percentile(sorted, 0)).isEqualTo(10);
        assertThat(Stats.percentile(sorted, 50)).isEqualTo(25);
        assertThat(Stats.percentile(sorted, 99)).isCloseTo(39.7, within(1e-9));
        assertThat(Stats.percentile(sorted, 100)).isEqualTo(40);
        assertThat(Stats.percentile(new long[] {7}, 99)).isEqualTo(7);
        assertThat(Stats.percentile(new long[0], 50)).isNaN();
    }

    @Test
    void latencyIsInMicroseconds() {
        Latency l = Latency.ofNanos(new long[] {3000, 1000, 2000});
        assertThat(l.p50()).isEqualTo(2.0);
        assertThat(l.mean()).isEqualTo(2.0);
        assertThat(l.p99()).isCloseTo(2.98, within(1e-9));
    }
}
