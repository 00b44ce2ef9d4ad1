package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.StorageException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The recorder keeps a trial's reports while the storage is away and writes them in order after. */
class RecorderTest {
    /** A storage that is down while {@code down} is set; records what reached it. */
    private static final class Storage implements Recorder.Sink {
        final AtomicBoolean down = new AtomicBoolean();
        final List<String> written = new CopyOnWriteArrayList<>();
        final AtomicInteger prunerAsked = new AtomicInteger();
        volatile boolean prune;
        volatile RuntimeException broken;

        private void check() {
            if (broken != null) {
                throw broken;
            }
            if (down.get()) {
                throw new StorageException(
                        "report failed on postgresql://db: connection refused",
                        new SQLTransientConnectionException("Connection is not available"));
            }
        }

        @Override
        public void report(int step, double value) {
            check();
            written.add("step " + step + "=" + value);
        }

        @Override
        public void setAttribute(String key, Object value) {
            check();
            written.add(key + "=" + value);
        }

        @Override
        public boolean shouldPrune() {
            check();
            prunerAsked.incrementAndGet();
            return prune;
        }
    }

    private final Storage storage = new Storage();
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger pruned = new AtomicInteger();

    private Recorder recorder(Duration patience) {
        return new Recorder(storage, patience, pruned::incrementAndGet, failures::add, notes::add);
    }

    @Test
    void reportsPrintedWhileTheStorageIsDownAreWrittenInOrderOnceItIsBack() throws Exception {
        Recorder r = recorder(Duration.ofMinutes(5));
        storage.down.set(true);
        r.step(0, 3);
        r.attribute("arch", "resnet");
        r.step(1, 2);
        Thread.sleep(300);
        assertThat(storage.written).isEmpty();
        storage.prune = true;
        r.step(2, 1);
        r.processEnded();
        storage.down.set(false);
        assertThat(r.close(Duration.ofSeconds(30))).isZero();
        assertThat(storage.written).containsExactly("step 0=3.0", "arch=resnet", "step 1=2.0", "step 2=1.0");
        assertThat(notes)
                .anySatisfy(n -> assertThat(n).contains("the storage is unreachable"))
                .anySatisfy(n -> assertThat(n).contains("the storage is back"));
        assertThat(failures).isEmpty();
        assertThat(pruned)
                .as("the pruner is not asked for a trial whose process has ended")
                .hasValue(0);
    }

    @Test
    void thePrunerIsAskedAfterTheLatestValueOnly() throws Exception {
        Recorder r = recorder(Duration.ofMinutes(5));
        storage.down.set(true);
        for (int step = 0; step < 5; step++) {
            r.step(step, step);
        }
        Thread.sleep(200);
        storage.prune = true;
        storage.down.set(false);
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (pruned.get() == 0 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertThat(pruned).hasValue(1);
        assertThat(storage.prunerAsked)
                .as("asked once, after step 4, not after each kept value")
                .hasValue(1);
        r.close(Duration.ofSeconds(5));
    }

    @Test
    void afterThePatienceTheKeptReportsAreGivenUpAndCounted() throws Exception {
        Recorder r = recorder(Duration.ofMillis(200));
        storage.down.set(true);
        r.step(0, 1);
        r.step(1, 1);
        r.processEnded();
        assertThat(r.close(Duration.ofSeconds(30))).isEqualTo(2);
        assertThat(notes).anySatisfy(n -> assertThat(n).contains("given up"));
        r.step(2, 1); // too late: counted, not kept
        assertThat(r.close(Duration.ofSeconds(1))).isEqualTo(3);
    }

    @Test
    void aReportThatFailsForAnotherReasonFailsTheTrial() throws Exception {
        Recorder r = recorder(Duration.ofMinutes(5));
        storage.broken = new IllegalStateException("report is for single-objective studies");
        r.step(0, 1);
        r.close(Duration.ofSeconds(30));
        assertThat(failures).containsExactly("recording step 0 failed: report is for single-objective studies");
    }

    @Test
    void reportsBeyondTheCapacityAreCounted() throws Exception {
        Recorder r = recorder(Duration.ofMinutes(5));
        storage.down.set(true);
        List<Integer> steps = new ArrayList<>();
        for (int step = 0; step < Recorder.CAPACITY + 5; step++) {
            r.step(step, 0);
            steps.add(step);
        }
        storage.down.set(false);
        assertThat(r.close(Duration.ofSeconds(60))).isEqualTo(5);
        assertThat(storage.written).hasSize(Recorder.CAPACITY);
    }
}
