package io.paratune.sampler;

import io.paratune.FrozenTrial;
import io.paratune.StudyView;
import java.util.BitSet;
import java.util.List;

/**
 * Hands a sampler's per-study state each finished trial of a study once, reading only the trials
 * from the last one read below the first one not yet finished (the anchor), so that a read does
 * not grow with the history.
 *
 * <p>Finished trials never change, so a state that keeps what it learnt from them need not read
 * them again. The anchor's number and id tell that the study is still the same: when it is gone
 * (the storage was replaced, or the first trial is another one), the cursor starts over from the
 * first trial and tells the reader to forget what it read. A view narrowed by the pruner (a
 * Hyperband bracket) shows trial numbers with gaps; a number missing between two trials read is
 * outside the scope for good (the scope depends on trial numbers only), so the watermark passes
 * over it.
 *
 * <p>Not thread-safe: the state that owns a cursor reads through it under its own lock.
 */
public final class FinishedTrialCursor {
    /** What a cursor hands its reader, in the order of a read. */
    public interface Reader {
        /** The study is not the one read so far: forget everything read; the read starts over. */
        void restart();

        /**
         * A trial not read finished before, in number order: a finished one is read now and never
         * handed again; an unfinished one is handed again at every read until it finishes.
         */
        void read(FrozenTrial trial);
    }

    private long firstTrialId = Long.MIN_VALUE;
    /** The last trial read below the watermark (-1: none), and its id. */
    private int anchorNumber = -1;

    private long anchorId = Long.MIN_VALUE;
    /** The finished trials read. */
    private final BitSet seen = new BitSet();
    /** Numbers the view does not show (outside a pruner's scope), below the last trial read. */
    private final BitSet outside = new BitSet();
    /** The first number neither read finished nor outside: every trial from here on is read again. */
    private int watermark;

    /** A cursor before the first trial. */
    public FinishedTrialCursor() {}

    /**
     * Reads the trials that {@code study} shows from the anchor on, and hands {@code reader} every
     * one of them not read finished before, by number.
     *
     * @return the trials read, by number: every trial that the view shows and is not finished is
     *     among them
     */
    public List<FrozenTrial> read(StudyView study, Reader reader) {
        int from = anchorNumber < 0 ? 0 : anchorNumber;
        List<FrozenTrial> trials = study.trialsFrom(from);
        boolean same = anchorNumber < 0
                ? trials.isEmpty()
                        || firstTrialId == Long.MIN_VALUE
                        || trials.get(0).id() == firstTrialId
                : !trials.isEmpty()
                        && trials.get(0).number() == anchorNumber
                        && trials.get(0).id() == anchorId;
        if (!same) {
            reset();
            reader.restart();
            from = 0;
            trials = study.trialsFrom(0);
        }
        if (trials.isEmpty()) {
            return trials;
        }
        if (from == 0) {
            firstTrialId = trials.get(0).id();
        }
        int next = from;
        for (FrozenTrial t : trials) {
            int number = t.number();
            if (number > next) {
                outside.set(next, number);
            }
            next = number + 1;
            if (seen.get(number)) {
                continue;
            }
            if (t.state().isFinished()) {
                seen.set(number);
            }
            reader.read(t);
        }
        while (seen.get(watermark) || outside.get(watermark)) {
            watermark++;
        }
        for (FrozenTrial t : trials) {
            if (t.number() >= watermark) {
                break;
            }
            anchorNumber = t.number();
            anchorId = t.id();
        }
        return trials;
    }

    /** Forgets every trial read: the next read starts from the first trial. */
    public void reset() {
        seen.clear();
        outside.clear();
        watermark = 0;
        firstTrialId = Long.MIN_VALUE;
        anchorNumber = -1;
        anchorId = Long.MIN_VALUE;
    }

    /** The first trial number neither read finished nor outside the view. */
    public int watermark() {
        return watermark;
    }
}
