package io.paratune;

/** A study of the given name already exists in the storage. */
public final class DuplicateStudyException extends ParatuneException {
    public DuplicateStudyException(String study) {
        super("study '" + study + "' already exists; load it, choose another name, or delete it first");
    }
}
