package io.paratune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class OverheadBenchmarkTest {

    @Test
    void twoThreadsShareOneStudyAndStopAtTheStudySize() {
        OverheadBenchmark.Measurement m = new OverheadBenchmark(2, 10).run(300, TimeUnit.SECONDS.toNanos(30), 1);
        assertThat(m.trials()).isEqualTo(300);
        assertThat(m.ask()).hasSize(300);
        assertThat(LongStream.of(m.ask()).sum()).isPositive();
        assertThat(m.suggest()).hasSize(300);
        assertThat(m.tell()).hasSize(300);
        assertThat(m.done()).isSorted();
        assertThat(m.done()[0]).isGreaterThan(m.start());
    }

    @Test
    void theTimeCapEndsAStudyEarly() {
        OverheadBenchmark.Measurement m = new OverheadBenchmark(1, 2).run(1_000_000, 1, 1);
        assertThat(m.trials()).isEqualTo(1);
    }

    @Test
    void chunkRatesUseTheFirstAndLastTenthOfCompletions() {
        long s = 1_000_000_000L;
        long[] done = new long[20];
        for (int i = 0; i < 20; i++) {
            // two trials per millisecond for the first ten, one per millisecond after
            done[i] = i < 10 ? s + (i + 1) * 500_000L : s + 5_000_000L + (i - 9) * 1_000_000L;
        }
        OverheadBenchmark.Measurement m =
                new OverheadBenchmark.Measurement(s, done, new long[20], new long[20], new long[20], 0);
        assertThat(m.wallSeconds()).isCloseTo(0.015, within(1e-12));
        assertThat(m.firstChunkPerSecond()).isCloseTo(2000, within(1e-6));
        assertThat(m.lastChunkPerSecond()).isCloseTo(1000, within(1e-6));
    }
}
