package dev.umbra.scheduler;

/** The queue's database failed; the operation changed nothing it could not roll back. */
public class QueueException extends RuntimeException {

    public QueueException(String message, Throwable cause) {
        super(message, cause);
    }
}
