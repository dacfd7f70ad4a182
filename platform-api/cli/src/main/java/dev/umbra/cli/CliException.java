package dev.umbra.cli;

/** A mistake on the command line that picocli cannot see (an unreadable file, a bad config file): exit 2. */
final class CliException extends RuntimeException {

    CliException(String message) {
        super(message);
    }

    CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
