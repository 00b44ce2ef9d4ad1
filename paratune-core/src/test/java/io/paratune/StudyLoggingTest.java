package io.paratune;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.sampler.RandomSampler;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** A study logs each finished trial only at FINE: at the default INFO level it prints none of them. */
class StudyLoggingTest {
    /** Held strongly: java.util.logging keeps loggers only weakly. */
    private final Logger logger = Logger.getLogger(Study.class.getName());

    private List<LogRecord> recordAt(Level level, Runnable work) {
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (logger.isLoggable(record.getLevel())) {
                    synchronized (records) {
                        records.add(record);
                    }
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Level before = logger.getLevel();
        boolean parents = logger.getUseParentHandlers();
        logger.setLevel(level);
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
        try {
            work.run();
        } finally {
            logger.removeHandler(handler);
            logger.setUseParentHandlers(parents);
            logger.setLevel(before);
        }
        return records;
    }

    private static void fiveTrials() {
        Study study = Study.builder().sampler(RandomSampler.seeded(1)).create();
        study.optimize(t -> t.suggestFloat("x", 0, 1), 5);
        study.addTrial(EvaluatedTrial.complete(0.5)
                .param(io.paratune.space.FloatDistribution.of("x", 0, 1), 0.5)
                .build());
    }

    @Test
    void atInfoAStudyPrintsNoLineForEachFinishedTrial() {
        assertThat(recordAt(Level.INFO, StudyLoggingTest::fiveTrials)).isEmpty();
    }

    @Test
    void atFineEachFinishedOrAddedTrialHasItsLine() {
        List<LogRecord> records = recordAt(Level.FINE, StudyLoggingTest::fiveTrials);
        assertThat(records).hasSize(6);
        assertThat(records.get(0).getMessage()).startsWith("Trial 0 COMPLETE with values");
        assertThat(records.get(5).getMessage()).startsWith("Trial 5 added as COMPLETE");
    }
}
