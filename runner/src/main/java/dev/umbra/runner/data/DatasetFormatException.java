package dev.umbra.runner.data;

import java.nio.file.Path;

/** A dataset file is malformed; the message names the file and the problem. */
public class DatasetFormatException extends RuntimeException {

    public DatasetFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public DatasetFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
