package io.paratune;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records the warnings a study logs when its sampler fails and it falls back (the logger {@code
 * io.paratune.SamplerFallback}, through the JDK's {@code java.util.logging} backend of {@code
 * System.Logger}), so that tests can count them. Open one around the code under test and close it
 * after.
 */
public final class SamplerWarnings implements AutoCloseable {
    /** Held strongly: java.util.logging keeps loggers only weakly, and their handlers with them. */
    private final Logger logger = Logger.getLogger(SamplerFallback.class.getName());

    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
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
    private final boolean parentHandlers;
    private final Level level;

    private SamplerWarnings(boolean quiet) {
        logger.addHandler(handler);
        // the test logging configuration lets only SEVERE through for io.paratune
        level = logger.getLevel();
        logger.setLevel(Level.WARNING);
        parentHandlers = logger.getUseParentHandlers();
        if (quiet) {
            logger.setUseParentHandlers(false);
        }
    }

    /** Starts recording; the warnings still reach the console. */
    public static SamplerWarnings record() {
        return new SamplerWarnings(false);
    }

    /** Starts recording and keeps the warnings off the console (for runs that expect many). */
    public static SamplerWarnings recordQuietly() {
        return new SamplerWarnings(true);
    }

    /** The messages recorded so far, formatted, with the cause's text. */
    public List<String> messages() {
        synchronized (records) {
            List<String> out = new ArrayList<>();
            for (LogRecord r : records) {
                out.add(r.getMessage());
            }
            return out;
        }
    }

    /** The exceptions attached to the records so far (null where none was). */
    public List<Throwable> causes() {
        synchronized (records) {
            List<Throwable> out = new ArrayList<>();
            for (LogRecord r : records) {
                out.add(r.getThrown());
            }
            return out;
        }
    }

    public int count() {
        synchronized (records) {
            return records.size();
        }
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(parentHandlers);
        logger.setLevel(level);
    }
}
