package io.paratune;

/**
 * {@link Study#optimize} was interrupted; its running trials were marked FAIL before this was
 * thrown, and the thread's interrupt flag is set again.
 */
public final class StudyInterruptedException extends ParatuneException {
    public StudyInterruptedException(String message) {
        super(message);
    }
}
