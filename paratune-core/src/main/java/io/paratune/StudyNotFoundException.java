package io.paratune;

/** No study of the given name (or id) exists in the storage. */
public final class StudyNotFoundException extends ParatuneException {
    public StudyNotFoundException(String study) {
        super("study '" + study + "' does not exist; create it first or check the name and storage");
    }
}
