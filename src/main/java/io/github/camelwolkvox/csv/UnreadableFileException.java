package io.github.camelwolkvox.csv;

/** The file cannot be read as activity codes at all (empty, no usable header, not a CSV file). */
public class UnreadableFileException extends RuntimeException {

    public UnreadableFileException(String message) {
        super(message);
    }
}
