package io.paratune;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.storage.HeartbeatStorage;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class HeartbeatsTest {

    /** A storage whose heartbeat write finds the trial finished, after {@code whileWriting} ran. */
    private static HeartbeatStorage finishedWhileWriting(Runnable[] whileWriting) {
        return (HeartbeatStorage) Proxy.newProxyInstance(
                HeartbeatStorage.class.getClassLoader(),
                new Class<?>[] {HeartbeatStorage.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("recordHeartbeat")) {
                        whileWriting[0].run();
                        return false;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static List<LogRecord> warningsDuring(Runnable action) {
        Logger logger = Logger.getLogger(Heartbeats.class.getName());
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    records.add(r);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Level level = logger.getLevel();
        logger.setLevel(Level.ALL); // the tests' logging configuration shows only errors
        logger.addHandler(handler);
        try {
            action.run();
        } finally {
            logger.removeHandler(handler);
            logger.setLevel(level);
        }
        return records;
    }

    @Test
    void aHeartbeatThatFindsItsTrialJustFinishedHereSaysNothing() {
        Runnable[] whileWriting = new Runnable[1];
        Heartbeats heartbeats =
                new Heartbeats(finishedWhileWriting(whileWriting), new ManualClock(), Duration.ofHours(1));
        heartbeats.start(7);
        // this study finishes the trial while the heartbeat is being written
        whileWriting[0] = () -> {
            heartbeats.finishing(7);
            heartbeats.stop(7);
        };
        List<LogRecord> warnings = warningsDuring(() -> heartbeats.renewingStale(Instant.MAX, () -> null));
        assertThat(warnings).isEmpty();
    }

    @Test
    void aHeartbeatThatFindsItsTrialFinishedElsewhereWarnsAndStops() {
        Runnable[] whileWriting = {() -> {}};
        Heartbeats heartbeats =
                new Heartbeats(finishedWhileWriting(whileWriting), new ManualClock(), Duration.ofHours(1));
        heartbeats.start(8);
        List<LogRecord> warnings = warningsDuring(() -> heartbeats.renewingStale(Instant.MAX, () -> null));
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).getMessage()).contains("trial #8 is no longer RUNNING");
        // stopped: a second renewal writes nothing more
        assertThat(warningsDuring(() -> heartbeats.renewingStale(Instant.MAX, () -> null)))
                .isEmpty();
    }
}
