package dev.umbra.client;

/** The platform could not be reached or failed (5xx): worth retrying later. */
public class PlatformUnreachableException extends RuntimeException {

    public PlatformUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
