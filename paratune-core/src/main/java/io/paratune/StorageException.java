package io.paratune;

/** A storage could not perform an operation; the message names the operation and the study. */
public class StorageException extends ParatuneException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
